using Rostro.MockServer.Mimic;
using Rostro.Testing;

namespace Rostro.MockServer.Tests.Mimic;

public sealed class GenerationTests
{
    [Theory]
    [InlineData("Hello!", 2)]
    [InlineData("Tell me about dragons.", 5)]
    [InlineData("It costs 12345 coins", 5)]
    [InlineData("", 0)]
    public void The_tokenizer_counts_words_numbers_and_punctuation(string text, int tokens) =>
        MimicTokenizer.Count(text).Should().Be(tokens);

    [Fact]
    public void Generated_tokens_re_tokenize_to_themselves_so_usage_matches_the_stream()
    {
        for (ulong seed = 0; seed < 50; seed++)
        {
            var (tokens, _) = TextSynthesizer.Generate(seed, 80, int.MaxValue, exact: false);
            MimicTokenizer.Split(string.Concat(tokens)).Should().Equal(tokens);
        }
    }

    [Fact]
    public void Text_is_deterministic_for_a_seed_and_differs_across_seeds()
    {
        var first = TextSynthesizer.Generate(1, 60, int.MaxValue, exact: false).Tokens;

        TextSynthesizer.Generate(1, 60, int.MaxValue, exact: false).Tokens.Should().Equal(first);
        TextSynthesizer.Generate(2, 60, int.MaxValue, exact: false).Tokens.Should().NotEqual(first);
    }

    [Fact]
    public void Natural_text_ends_a_sentence_and_exact_text_has_the_exact_length()
    {
        var (natural, hitLimit) = TextSynthesizer.Generate(3, 50, int.MaxValue, exact: false);
        var (exact, _) = TextSynthesizer.Generate(3, 333, int.MaxValue, exact: true);

        hitLimit.Should().BeFalse();
        natural[^1].Should().BeOneOf(".", "!", "?");
        natural.Count.Should().BeInRange(50, 110);
        exact.Should().HaveCount(333);
    }

    [Fact]
    public void Text_reads_as_English_not_as_a_repeated_phrase()
    {
        var text = string.Concat(TextSynthesizer.Generate(9, 400, int.MaxValue, exact: true).Tokens);
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        words.Distinct(StringComparer.OrdinalIgnoreCase).Count().Should().BeGreaterThan(100);
        words.Should().Contain(["the", "and", "of"]);
        CompletionPlanner.NaturalLength(1).Should().BeInRange(40, 120);
    }
}

[Collection(MimicTimingCollection.Name)]
public sealed class TokenClockTests : IAsyncLifetime
{
    private MachineExclusiveSection? _exclusive;

    // Like the stream timing tests: these measure wake-ups, so no other test process may compile on the cores meanwhile.
    public async Task InitializeAsync() => _exclusive = await MachineExclusiveSection.EnterAsync();

    public Task DisposeAsync()
    {
        _exclusive?.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public Task The_token_clock_wakes_at_absolute_deadlines() => Task.Run(async () =>
    {
        using var clock = new TokenClock();
        using var timer = clock.CreateTimer(CancellationToken.None);
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var errors = new List<double>();
        for (var k = 1; k <= 20; k++)
        {
            var deadline = start + (k * 10 * System.Diagnostics.Stopwatch.Frequency / 1000);
            await timer.WaitUntilAsync(deadline);
            errors.Add((System.Diagnostics.Stopwatch.GetTimestamp() - deadline) * 1000.0 / System.Diagnostics.Stopwatch.Frequency);
        }

        errors.Should().OnlyContain(e => e >= -0.1, "never early");
        errors.Order().ElementAt(10).Should().BeLessThan(2.0, "the median wake is within the issue's 2 ms, even with other tests busy on the thread pool");
    });

    [Fact]
    public void A_precise_sleep_sleeps_below_a_millisecond_and_never_ends_early_on_linux()
    {
        if (!OperatingSystem.IsLinux())
        {
            PreciseSleep.TrySleep(System.Diagnostics.Stopwatch.Frequency / 2_000).Should().Be(OperatingSystem.IsMacOS(), "nanosleep exists on Linux and macOS only");
            return;
        }

        PreciseSleep.TightenTimerSlack();
        var asked = System.Diagnostics.Stopwatch.Frequency / 2_000; // 0.5 ms
        var slept = new List<double>();
        for (var i = 0; i < 21; i++)
        {
            var before = System.Diagnostics.Stopwatch.GetTimestamp();
            PreciseSleep.TrySleep(asked).Should().BeTrue();
            slept.Add((System.Diagnostics.Stopwatch.GetTimestamp() - before) * 1000.0 / System.Diagnostics.Stopwatch.Frequency);
        }

        slept.Should().OnlyContain(ms => ms >= 0.5, "nanosleep never returns early");
        slept.Order().ElementAt(10).Should().BeLessThan(1.0, "the median sleep is below a millisecond, which Thread.Sleep and Monitor.Wait cannot do");
    }

    [Fact]
    public Task A_token_step_continues_on_the_clock_thread_until_the_batch_has_used_its_budget_and_anything_else_on_the_pool() => Task.Run(async () =>
    {
        const string Clock = "Rostro mimic token clock";
        using var clock = new TokenClock();
        var deadline = System.Diagnostics.Stopwatch.GetTimestamp() + (System.Diagnostics.Stopwatch.Frequency / 20);
        var threads = new string?[4];

        // Waits due at the same instant, one batch; each step then takes 2 ms, past the batch's 0.5 ms inline budget.
        async Task StepAsync(int i, bool inline)
        {
            using var timer = clock.CreateTimer(CancellationToken.None, inline);
            await timer.WaitUntilAsync(deadline);
            threads[i] = Thread.CurrentThread.Name;
            Thread.Sleep(2);
        }

        await Task.WhenAll(StepAsync(0, inline: true), StepAsync(1, inline: true), StepAsync(2, inline: true));
        threads[..3].Count(name => name == Clock).Should().Be(1, "the first step of the batch runs on the clock's own thread (no hand-off), the rest go to the pool once it used the budget");

        deadline = System.Diagnostics.Stopwatch.GetTimestamp() + (System.Diagnostics.Stopwatch.Frequency / 20);
        await StepAsync(3, inline: false);
        threads[3].Should().NotBe(Clock, "a wait not made for a short token step (a whole body, the end of a request) never runs on the clock's thread");
    });

    [Fact]
    public async Task A_cancelled_inline_wait_continues_on_the_pool_not_on_the_cancelling_thread()
    {
        using var clock = new TokenClock();
        using var cancel = new CancellationTokenSource();
        using var timer = clock.CreateTimer(cancel.Token, inline: true);
        var continuedOn = 0;
        var wait = Task.Run(async () =>
        {
            try
            {
                await timer.WaitUntilAsync(System.Diagnostics.Stopwatch.GetTimestamp() + (System.Diagnostics.Stopwatch.Frequency * 30));
            }
            catch (OperationCanceledException)
            {
                continuedOn = Environment.CurrentManagedThreadId;
            }
        });
        await LoadModelTests.UntilAsync(() => clock.Pending == 1);

        var cancelling = Environment.CurrentManagedThreadId;
        cancel.Cancel();
        await wait.WaitAsync(TimeSpan.FromSeconds(5));

        continuedOn.Should().NotBe(0).And.NotBe(cancelling, "the canceller's thread does not run the stream's code");
    }

    [Fact]
    public async Task Cancelled_waits_leave_the_clock_queue_at_once()
    {
        using var clock = new TokenClock();
        var sources = Enumerable.Range(0, 100).Select(_ => new CancellationTokenSource()).ToList();
        var timers = sources.Select(s => clock.CreateTimer(s.Token)).ToList();
        var far = System.Diagnostics.Stopwatch.GetTimestamp() + (System.Diagnostics.Stopwatch.Frequency * 60);
        var waits = timers.Select(t => t.WaitUntilAsync(far).AsTask()).ToList();
        clock.Pending.Should().Be(100);

        foreach (var source in sources)
        {
            await source.CancelAsync();
        }

        foreach (var wait in waits)
        {
            await wait.Invoking(w => w.WaitAsync(TimeSpan.FromSeconds(1))).Should().ThrowAsync<OperationCanceledException>();
        }

        clock.Pending.Should().Be(0, "no cancelled wait stays queued until its deadline, a minute away");
        timers.ForEach(t => t.Dispose());
        sources.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task A_cancelled_wait_ends_at_once_not_at_its_deadline()
    {
        using var clock = new TokenClock();
        using var cancel = new CancellationTokenSource();
        using var timer = clock.CreateTimer(cancel.Token);
        var wait = timer.WaitUntilAsync(System.Diagnostics.Stopwatch.GetTimestamp() + (System.Diagnostics.Stopwatch.Frequency * 30)).AsTask();

        await cancel.CancelAsync();
        var waiting = () => wait.WaitAsync(TimeSpan.FromSeconds(1));

        await waiting.Should().ThrowAsync<OperationCanceledException>();
    }
}
