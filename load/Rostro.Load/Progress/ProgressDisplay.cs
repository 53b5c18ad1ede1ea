using System.Globalization;
using Spectre.Console;

namespace Rostro.Load;

/// <summary>How progress is shown while a run goes.</summary>
public enum ProgressMode
{
    /// <summary>Live table when standard output is a terminal, plain lines otherwise.</summary>
    Auto,

    /// <summary>A live Spectre.Console table, redrawn in place.</summary>
    Live,

    /// <summary>A plain line per scenario every few seconds (CI logs).</summary>
    Plain,

    /// <summary>Nothing until the end.</summary>
    None,
}

/// <summary>Shows a run's progress: elapsed, rate, in flight, errors, current TTFT p50/p95.</summary>
public static class ProgressDisplay
{
    /// <summary>Shows progress until the run completes.</summary>
    public static async Task ShowAsync(LoadRun run, ProgressMode mode, TextWriter output, bool outputIsTerminal)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(output);
        if (mode == ProgressMode.Auto)
        {
            mode = outputIsTerminal ? ProgressMode.Live : ProgressMode.Plain;
        }

        switch (mode)
        {
            case ProgressMode.Live:
                await ShowLiveAsync(run, output).ConfigureAwait(false);
                break;
            case ProgressMode.Plain:
                await ShowPlainAsync(run, output).ConfigureAwait(false);
                break;
            default:
                await run.Completion.ConfigureAwait(false);
                break;
        }
    }

    private static async Task ShowPlainAsync(LoadRun run, TextWriter output)
    {
        // Short runs report every second; long ones every five, so a CI log stays readable.
        var interval = TimeSpan.FromSeconds(run.PlannedSeconds <= 30 ? 1 : 5);
        var rates = new RateTracker();
        while (!run.Completion.IsCompleted)
        {
            await Task.WhenAny(run.Completion, Task.Delay(interval)).ConfigureAwait(false);
            foreach (var status in run.Status())
            {
                var rate = rates.Rate(status);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"[{status.ElapsedSeconds,6:0.0}s/{run.PlannedSeconds:0}s] {status.Name} {status.Phase,-9} rate {rate,7:0.0}/s  in flight {status.InFlight,5}  ok {status.Ok,7}  errors {status.Failed,5}{(status.Dropped > 0 ? $"  dropped {status.Dropped}" : string.Empty)}  TTFT p50 {status.TtftP50,7:0.0} ms  p95 {status.TtftP95,7:0.0} ms")).ConfigureAwait(false);
            }
        }

        await output.FlushAsync().ConfigureAwait(false);
    }

    private static async Task ShowLiveAsync(LoadRun run, TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        var rates = new RateTracker();
        await console.Live(Table(run, rates)).AutoClear(false).StartAsync(async context =>
        {
            while (!run.Completion.IsCompleted)
            {
                await Task.WhenAny(run.Completion, Task.Delay(TimeSpan.FromMilliseconds(500))).ConfigureAwait(false);
                context.UpdateTarget(Table(run, rates));
                context.Refresh();
            }
        }).ConfigureAwait(false);
    }

    private static Table Table(LoadRun run, RateTracker rates)
    {
        var statuses = run.Status();
        var elapsed = statuses.Count == 0 ? 0 : statuses.Max(s => s.ElapsedSeconds);
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"rostro-load · {elapsed:0.0} s of {run.PlannedSeconds:0} s")
            .AddColumns("scenario", "phase", "rate/s", "in flight", "ok", "errors", "TTFT p50", "TTFT p95");
        foreach (var s in statuses)
        {
            table.AddRow(
                Markup.Escape(s.Name),
                s.Phase,
                rates.Rate(s).ToString("0.0", CultureInfo.InvariantCulture),
                s.InFlight.ToString(CultureInfo.InvariantCulture),
                $"[green]{s.Ok}[/]",
                s.Failed == 0 ? "0" : $"[red]{s.Failed}[/]",
                $"{s.TtftP50:0.0} ms",
                $"{s.TtftP95:0.0} ms");
        }

        return table;
    }

    // Requests ended per second over about the last two seconds, per scenario (one look's interval alone is too noisy).
    private sealed class RateTracker
    {
        private const double Window = 2;
        private readonly Dictionary<string, Queue<(double At, long Sent)>> _history = [];

        public double Rate(ScenarioStatus status)
        {
            if (!_history.TryGetValue(status.Name, out var history))
            {
                _history[status.Name] = history = new Queue<(double, long)>();
            }

            history.Enqueue((status.ElapsedSeconds, status.Sent));
            while (history.Count > 2 && status.ElapsedSeconds - history.Peek().At > Window)
            {
                history.Dequeue();
            }

            var (at, sent) = history.Peek();
            return status.ElapsedSeconds > at ? (status.Sent - sent) / (status.ElapsedSeconds - at) : 0;
        }
    }
}
