using Rostro.Spec;

namespace Rostro.Load.Tests.Scenarios;

public sealed class ScenarioFileTests
{
    private const string Valid = """
        {
          "name": "t",
          "route": "/v1/chat/completions",
          "model": "mythomax",
          "max_tokens": 16,
          "load": { "type": "constant", "rate": 5 },
          "duration": "10s",
          "thresholds": ["ttft_ms.p95 < 800"]
        }
        """;

    private static async Task<ScenarioFile> ParseAsync(string json) =>
        ScenarioFile.Parse(json, "t.json", AppContext.BaseDirectory, await RostroSpec.LoadEmbeddedAsync());

    private static async Task<IReadOnlyList<string>> ProblemsAsync(string json)
    {
        var act = () => ParseAsync(json);
        return (await act.Should().ThrowAsync<ScenarioFileException>()).Which.Problems;
    }

    private static string With(string field, string value) => Valid.Replace("\"name\": \"t\",", $"\"name\": \"t\", \"{field}\": {value},", StringComparison.Ordinal);

    [Theory]
    [InlineData("smoke.json")]
    [InlineData("nightly.json")]
    public async Task The_committed_scenarios_are_valid(string file)
    {
        var scenario = await ScenarioFile.LoadAsync(Path.Combine(AppContext.BaseDirectory, "Scenarios", file));

        scenario.Scenario.Name.Should().Be(Path.GetFileNameWithoutExtension(file));
        scenario.Scenario.Thresholds.Should().NotBeEmpty();
        scenario.Target.Should().BeNull();
    }

    [Fact]
    public async Task A_valid_file_becomes_its_scenario()
    {
        var file = await ParseAsync(Valid);

        file.Scenario.Load.Should().Be(new ConstantRate(5));
        file.Scenario.Duration.Should().Be(TimeSpan.FromSeconds(10));
        file.Scenario.Streaming.Should().BeTrue();
        file.Scenario.Thresholds.Single().Expression.Should().Be("ttft_ms.p95 < 800");
    }

    [Fact]
    public async Task An_unknown_field_is_an_error_naming_it_and_its_likely_meaning()
    {
        var problems = await ProblemsAsync(Valid.Replace("\"rate\": 5", "\"rate\": 5, \"ratee\": 50", StringComparison.Ordinal));

        problems.Should().ContainSingle().Which.Should().StartWith("t.json: load.ratee: unknown field (did you mean 'rate'?)");
    }

    [Fact]
    public async Task A_misspelt_top_level_field_does_not_fall_back_to_a_default()
    {
        var problems = await ProblemsAsync(Valid.Replace("\"duration\"", "\"durration\"", StringComparison.Ordinal));

        problems.Should().Contain(p => p.Contains("durration: unknown field (did you mean 'duration'?)"));
        problems.Should().Contain("t.json: duration: is required");
    }

    [Fact]
    public async Task A_bad_threshold_is_an_error_with_its_index()
    {
        var problems = await ProblemsAsync(Valid.Replace("ttft_ms.p95 < 800", "ttft_ms.p97 < 800", StringComparison.Ordinal));

        problems.Should().ContainSingle().Which.Should().StartWith("t.json: thresholds[0]: 'ttft_ms.p97 < 800': ttft_ms needs a statistic");
    }

    [Fact]
    public async Task A_route_that_is_not_a_mimic_route_of_the_spec_is_refused()
    {
        var problems = await ProblemsAsync(Valid.Replace("/v1/chat/completions", "/v1/chat/completion", StringComparison.Ordinal));

        problems.Should().ContainSingle().Which.Should().Contain("route: '/v1/chat/completion' is not a route of the mimic in the spec");
    }

    [Fact]
    public async Task A_model_the_spec_does_not_list_is_refused()
    {
        var problems = await ProblemsAsync(Valid.Replace("mythomax", "gpt-99", StringComparison.Ordinal));

        problems.Should().ContainSingle().Which.Should().Contain("model: 'gpt-99' is not a model of the spec");
    }

    [Fact]
    public async Task A_body_field_the_spec_rejects_is_refused_before_the_run()
    {
        var problems = await ProblemsAsync(With("body", """{ "temperature": "hot" }"""));

        problems.Should().ContainSingle().Which.Should().StartWith("t.json: request body /temperature:");
    }

    [Fact]
    public async Task A_remote_target_in_a_file_is_refused()
    {
        var problems = await ProblemsAsync(With("target", "\"https://api.rostro.dev/\""));

        problems.Should().ContainSingle().Which.Should().Contain("target: a scenario file may only name a loopback target");
    }

    [Fact]
    public async Task A_loopback_target_in_a_file_is_kept()
    {
        (await ParseAsync(With("target", "\"http://127.0.0.1:4010\""))).Target.Should().Be(new Uri("http://127.0.0.1:4010"));
    }

    [Fact]
    public async Task Credentials_in_the_files_headers_are_refused()
    {
        var problems = await ProblemsAsync(With("headers", """{ "Authorization": "Bearer abc" }"""));

        problems.Should().ContainSingle().Which.Should().Contain("headers.Authorization: credentials never go in a scenario file; set ROSTRO_TOKEN");
    }

    [Fact]
    public async Task A_wrong_type_and_a_bad_duration_are_both_reported()
    {
        var problems = await ProblemsAsync(Valid.Replace("\"rate\": 5", "\"rate\": \"fast\"", StringComparison.Ordinal).Replace("\"10s\"", "\"10 seconds\"", StringComparison.Ordinal));

        problems.Should().Contain("t.json: load.rate: expected a number above 0 to 1000000");
        problems.Should().Contain(p => p.StartsWith("t.json: duration: '10 seconds' is not a duration", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invalid_json_is_one_line_with_its_position()
    {
        var problems = await ProblemsAsync("{ \"name\": \"t\",\n  \"route\" }");

        problems.Should().ContainSingle().Which.Should().StartWith("t.json: not valid JSON (line 2");
    }

    [Fact]
    public async Task Overrides_beat_the_file()
    {
        var file = await ParseAsync(Valid);

        var scenario = ScenarioFile.Override(file.Scenario, TimeSpan.FromSeconds(3), rate: 40, concurrency: 7);

        scenario.Duration.Should().Be(TimeSpan.FromSeconds(3));
        scenario.Load.Should().Be(new ConstantRate(40));
        scenario.MaxConcurrency.Should().Be(7);
    }

    [Fact]
    public async Task Rate_does_not_apply_to_a_closed_load()
    {
        var file = await ParseAsync(Valid.Replace("\"type\": \"constant\", \"rate\": 5", "\"type\": \"closed\", \"concurrency\": 4", StringComparison.Ordinal));

        file.Scenario.Load.Should().Be(new ClosedLoad(4));
        var act = () => ScenarioFile.Override(file.Scenario, null, rate: 10, concurrency: null);
        act.Should().Throw<ScenarioFileException>().Which.Problems.Single().Should().Contain("--rate: this scenario's load is closed");
        ScenarioFile.Override(file.Scenario, null, null, concurrency: 9).Load.Should().Be(new ClosedLoad(9));
    }

    [Fact]
    public async Task Steps_set_their_own_duration()
    {
        var steps = Valid.Replace("\"type\": \"constant\", \"rate\": 5", "\"type\": \"steps\", \"steps\": [{\"rate\": 2, \"duration\": \"5s\"}, {\"rate\": 8, \"duration\": \"1m\"}]", StringComparison.Ordinal)
            .Replace("\"duration\": \"10s\",", string.Empty, StringComparison.Ordinal);

        var file = await ParseAsync(steps);

        file.Scenario.EffectiveDuration.Should().Be(TimeSpan.FromSeconds(65));
        var act = () => ScenarioFile.Override(file.Scenario, TimeSpan.FromSeconds(3), null, null);
        act.Should().Throw<ScenarioFileException>();
    }

    [Fact]
    public async Task Inline_prompts_circle_by_arrival()
    {
        var file = await ParseAsync(With("prompts", """{ "source": "inline", "items": ["a", "b", "c"] }"""));

        Enumerable.Range(0, 5).Select(i => file.Scenario.Prompts.Next(i)).Should().Equal("a", "b", "c", "a", "b");
    }

    [Fact]
    public async Task Synthetic_prompts_have_the_asked_lengths_and_depend_on_the_arrival_only()
    {
        var file = await ParseAsync(With("prompts", """{ "source": "synthetic", "min_words": 5, "max_words": 9, "seed": 3 }"""));

        var prompts = Enumerable.Range(0, 200).Select(i => file.Scenario.Prompts.Next(i)).ToList();
        prompts.Select(p => p.Split(' ').Length).Should().OnlyContain(n => n >= 5 && n <= 9);
        prompts.Select(p => p.Split(' ').Length).Distinct().Should().HaveCount(5);
        file.Scenario.Prompts.Next(17).Should().Be(prompts[17]);
    }
}
