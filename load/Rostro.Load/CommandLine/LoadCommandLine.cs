using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Rostro.Load;

/// <summary>
/// The command line DESIGN.md fixes: <c>run &lt;scenario.json&gt; --target &lt;url&gt; [--duration 30s] [--rate 20] [--concurrency 50] --out &lt;dir&gt; [--shard i/n]</c>
/// (with <c>--sweep from..to</c>: the scenario at rising levels until a threshold fails, see <see cref="SweepPlan"/>)
/// and <c>merge &lt;report.json&gt;... --out &lt;dir&gt;</c>.
/// </summary>
/// <remarks>Exit codes: 0 every threshold passed (a sweep: its lowest level did, so it found a knee); 1 a threshold failed; 2 bad input (arguments, scenario file, target); 3 the reports could not be written; 130 stopped by Ctrl+C (reports still written).</remarks>
public static class LoadCommandLine
{
    /// <summary>Every threshold passed.</summary>
    public const int Passed = 0;

    /// <summary>A threshold failed (the reports say which).</summary>
    public const int ThresholdFailed = 1;

    /// <summary>Bad arguments, scenario file, report file or target.</summary>
    public const int BadInput = 2;

    /// <summary>The output could not be written.</summary>
    public const int OutputFailed = 3;

    /// <summary>Stopped by Ctrl+C or SIGTERM; the reports cover what ran.</summary>
    public const int Interrupted = 130;

    /// <summary>The environment variable holding the target's credential.</summary>
    public const string TokenVariable = "ROSTRO_TOKEN";

    /// <summary>The credential sent to a loopback target when <c>ROSTRO_TOKEN</c> is unset (the mock accepts any token).</summary>
    public const string LoopbackToken = "rostro-load";

    /// <summary>Parses and runs a command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="output">Progress, summaries.</param>
    /// <param name="error">Problems, one line each.</param>
    /// <param name="outputIsTerminal">Whether <paramref name="output"/> is a terminal (live progress).</param>
    /// <param name="environment">Reads environment variables (tests pass their own).</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    public static async Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error, bool outputIsTerminal, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        var root = Build(output, error, outputIsTerminal, environment);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            await error.WriteLineAsync($"error: {parse.Errors[0].Message} (see --help)").ConfigureAwait(false);
            return BadInput;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = true }, cancellationToken).ConfigureAwait(false);
    }

    private static RootCommand Build(TextWriter output, TextWriter error, bool outputIsTerminal, Func<string, string?> environment)
    {
        var scenario = new Argument<FileInfo>("scenario") { Description = "The scenario file (load/scenarios/*.json)." };
        var target = new Option<string?>("--target") { Description = "Base URL of the target. A non-loopback target is only ever taken from here." };
        var duration = new Option<TimeSpan?>("--duration") { Description = "Measured duration (30s, 5m, 1m30s); beats the file.", CustomParser = r => ParsePositiveDuration(r, "--duration") };
        var rate = new Option<double?>("--rate") { Description = "Open load: the (peak) arrival rate per second; beats the file." };
        var concurrency = new Option<int?>("--concurrency") { Description = "Closed load: requests in flight. Open load: the concurrency cap." };
        var outDirectory = new Option<DirectoryInfo>("--out") { Description = "Where report.json, report.md and report.html go.", Required = true };
        var shard = new Option<Shard>("--shard") { Description = "Run the i-th of n equal shares of the load (i from 1).", CustomParser = ParseShard, DefaultValueFactory = _ => Shard.Whole };
        var progress = new Option<ProgressMode>("--progress") { Description = "auto (live on a terminal, plain lines otherwise), live, plain or none.", DefaultValueFactory = _ => ProgressMode.Auto };
        var otlp = new Option<string?>("--otlp") { Description = "Export live metrics over OTLP to this endpoint (e.g. http://127.0.0.1:4318). Off by default." };
        var otlpGrpc = new Option<bool>("--otlp-grpc") { Description = "Use OTLP/gRPC instead of OTLP/HTTP." };
        var sweep = new Option<SweepPlan?>("--sweep") { Description = "Run the scenario at rising levels from..to (rates per second; a closed load's concurrencies), each --sweep-factor times the last, until a threshold fails; then bisect towards the knee.", CustomParser = ParseSweep };
        var sweepFactor = new Option<double>("--sweep-factor") { Description = "Each level of the sweep is this many times the one before (1.05 to 10).", DefaultValueFactory = _ => 2 };
        var sweepRefine = new Option<int>("--sweep-refine") { Description = "Bisections between the last level that passed and the first that failed (0 to 10).", DefaultValueFactory = _ => 3 };
        var sweepBudget = new Option<TimeSpan?>("--sweep-budget") { Description = "Start no step that would end after this time from the start (30s, 10m).", CustomParser = r => ParsePositiveDuration(r, "--sweep-budget") };
        rate.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is { } v && (v <= 0 || !double.IsFinite(v) || v > 1_000_000))
            {
                r.AddError("--rate must be a number above 0 (at most 1000000)");
            }
        });
        concurrency.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is { } v && (v < 1 || v > 100_000))
            {
                r.AddError("--concurrency must be a whole number from 1 to 100000");
            }
        });

        var run = new Command("run", "Run a scenario file (or sweep it) and write its reports.") { scenario, target, duration, rate, concurrency, sweep, sweepFactor, sweepRefine, sweepBudget, outDirectory, shard, progress, otlp, otlpGrpc };
        run.Validators.Add(r =>
        {
            foreach (var option in new Option[] { sweepFactor, sweepRefine, sweepBudget }.Where(o => r.GetResult(o) is { Implicit: false } && r.GetResult(sweep) is null))
            {
                r.AddError($"{option.Name} applies to a sweep: add --sweep from..to");
            }
        });
        run.SetAction((parse, token) => new RunCommand(output, error, outputIsTerminal, environment).RunAsync(
            parse.GetValue(scenario)!,
            parse.GetValue(target),
            parse.GetValue(duration),
            parse.GetValue(rate),
            parse.GetValue(concurrency),
            // The factor, refinements and budget are judged with the plan, by its own bounds (SweepPlan.Problem), in RunAsync.
            parse.GetValue(sweep) is { } plan ? plan with { Factor = parse.GetValue(sweepFactor), Refinements = parse.GetValue(sweepRefine), Budget = parse.GetValue(sweepBudget) } : null,
            parse.GetValue(outDirectory)!,
            parse.GetValue(shard)!,
            parse.GetValue(progress),
            parse.GetValue(otlp),
            parse.GetValue(otlpGrpc),
            token));

        var reports = new Argument<FileInfo[]>("reports") { Description = "The report.json files of the shards.", Arity = ArgumentArity.OneOrMore };
        var mergeOut = new Option<DirectoryInfo>("--out") { Description = "Where the merged reports go.", Required = true };
        var merge = new Command("merge", "Merge shards' report.json files into the reports of the whole run (exact: histograms are merged).") { reports, mergeOut };
        merge.SetAction((parse, token) => new RunCommand(output, error, outputIsTerminal, environment).MergeAsync(parse.GetValue(reports)!, parse.GetValue(mergeOut)!, token));

        return new RootCommand("rostro-load: load tests of streaming completions (TTFT, ITL, TPOT, E2E) without coordinated omission.") { run, merge };
    }

    // A duration above zero (--duration, --sweep-budget).
    private static TimeSpan? ParsePositiveDuration(ArgumentResult result, string name)
    {
        var text = result.Tokens.Count == 0 ? null : result.Tokens[0].Value;
        if (!DurationText.TryParse(text, out var duration, out var message) || duration <= TimeSpan.Zero)
        {
            result.AddError($"{name}: {(message.Length == 0 ? "must be longer than zero" : message)}");
            return null;
        }

        return duration;
    }

    private static SweepPlan? ParseSweep(ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? null : result.Tokens[0].Value;
        if (!SweepPlan.TryParse(text, out var plan, out var message))
        {
            result.AddError($"--sweep: {message}");
            return null;
        }

        return plan;
    }

    private static Shard ParseShard(ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? null : result.Tokens[0].Value;
        if (!Shard.TryParse(text, out var shard, out var message))
        {
            result.AddError($"--shard: {message}");
        }

        return shard;
    }

    internal static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
