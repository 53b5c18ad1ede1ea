using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Rostro.Contracts.Tests.Targets;

/// <summary>What the suite runs against and how carefully, read once per run from the environment and user-secrets.</summary>
/// <remarks>
/// Precedence, highest first: the process environment (a runsettings file's <c>EnvironmentVariables</c> are part of it,
/// and replace same-named shell variables), then user-secrets (<c>dotnet user-secrets set ROSTRO_TOKEN ...</c>).
/// A value that is present but empty counts as unset, so <c>ROSTRO_BASE_URL=</c> in a shell falls back to the mock.
/// </remarks>
public sealed record ContractSettings
{
    /// <summary>Every variable the suite reads, with what it means (the README and .env.sample list the same).</summary>
    public static readonly IReadOnlyDictionary<string, string> Variables = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ROSTRO_BASE_URL"] = "the API to test; unset: the mock, started in-process on a loopback port",
        ["ROSTRO_TOKEN"] = "credential of the first user, sent as Authorization: Bearer",
        ["ROSTRO_API_KEY"] = "credential of the first user, sent as CH-API-KEY (when ROSTRO_TOKEN is unset)",
        ["ROSTRO_TOKEN_2"] = "a second user's bearer token, for another user's resources (403)",
        ["ROSTRO_MCP_URL"] = "the MCP endpoint (checked with the live-target rules; unset: the mock's /mcp against a mock)",
        ["ROSTRO_ALLOW_DESTRUCTIVE"] = "true: also run what cannot be undone on a live target (account deletion, renames, ratings, ...)",
        ["ROSTRO_CREDITS_BUDGET"] = "most credit-spending requests (generations, completions) against a live target; default 10",
        ["ROSTRO_RATE_LIMIT"] = "most requests per second; default 5 against a live target, unlimited against a mock",
        ["ROSTRO_TIMEOUT_SECONDS"] = "timeout of every call (headers, and each stream read); default 30",
        ["ROSTRO_PROJECT_ID"] = "a project of the first user, for operations on a project (else discovered from the user's profile)",
        ["ROSTRO_ASSUME_LIVE"] = "true: treat a recognised mock as a live target (rehearse a staging run against a mock)",
        ["ROSTRO_RESULTS_DIR"] = "where coverage, evidence and timings go; default: dotnet test's results directory",
        ["ROSTRO_SEED"] = "seed of the generated valid values (a whole number), printed at the start of every run; default 1",
    };

    public Uri? BaseUrl { get; init; }

    public string? Token { get; init; }

    public string? ApiKey { get; init; }

    public string? Token2 { get; init; }

    public Uri? McpUrl { get; init; }

    public bool AllowDestructive { get; init; }

    public int CreditsBudget { get; init; } = 10;

    /// <summary>Requests per second; null = the default of the target kind.</summary>
    public double? RateLimit { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public long? ProjectId { get; init; }

    public bool AssumeLive { get; init; }

    public string? ResultsDirectory { get; init; }

    /// <summary>Seed of the generated valid values: the same seed, the same requests.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Every configured credential value, for redaction (a base URL's user:password included).</summary>
    public IEnumerable<string> Secrets => new[] { Token, ApiKey, Token2, BaseUrl?.UserInfo, McpUrl?.UserInfo }.OfType<string>().Where(s => s.Length > 0);

    /// <summary>Reads the settings of this run: the process environment over user-secrets.</summary>
    public static ContractSettings FromEnvironment()
    {
        var secrets = new ConfigurationBuilder().AddUserSecrets(typeof(ContractSettings).Assembly, optional: true).Build();
        var environment = Environment.GetEnvironmentVariables()
            .Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
        return Read(environment, secrets.AsEnumerable().ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
    }

    /// <summary>Reads settings from the two sources, environment first.</summary>
    /// <exception cref="ContractConfigurationException">A value is present but not usable; the message names the variable and what it wants.</exception>
    public static ContractSettings Read(IReadOnlyDictionary<string, string?> environment, IReadOnlyDictionary<string, string?> userSecrets)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(userSecrets);
        var problems = new List<string>();

        string? Value(string name) =>
            environment.TryGetValue(name, out var e) && !string.IsNullOrWhiteSpace(e) ? e.Trim()
            : userSecrets.TryGetValue(name, out var s) && !string.IsNullOrWhiteSpace(s) ? s.Trim()
            : null;

        Uri? Url(string name)
        {
            var text = Value(name);
            if (text is null)
            {
                return null;
            }

            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                return uri;
            }

            problems.Add($"{name} must be an absolute http(s) URL such as https://staging.api.rostro.dev, not '{text}'.");
            return null;
        }

        bool Flag(string name)
        {
            var text = Value(name);
            if (text is null)
            {
                return false;
            }

            if (bool.TryParse(text, out var flag))
            {
                return flag;
            }

            problems.Add($"{name} must be true or false, not '{text}'.");
            return false;
        }

        double? Number(string name, double min)
        {
            var text = Value(name);
            if (text is null)
            {
                return null;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= min && double.IsFinite(number))
            {
                return number;
            }

            problems.Add($"{name} must be a number of at least {min.ToString(CultureInfo.InvariantCulture)}, not '{text}'.");
            return null;
        }

        var baseUrl = Url("ROSTRO_BASE_URL");
        if (baseUrl is not null && !baseUrl.AbsolutePath.EndsWith('/'))
        {
            // Relative request paths resolve below the base only when it ends with a slash.
            baseUrl = new Uri(baseUrl.AbsoluteUri + "/");
        }

        var credits = Number("ROSTRO_CREDITS_BUDGET", 0);
        if (credits is { } c && c != Math.Floor(c))
        {
            problems.Add($"ROSTRO_CREDITS_BUDGET must be a whole number, not '{Value("ROSTRO_CREDITS_BUDGET")}'.");
        }

        var timeout = Number("ROSTRO_TIMEOUT_SECONDS", 0.1);
        var project = Number("ROSTRO_PROJECT_ID", 1);
        var seed = Number("ROSTRO_SEED", 0);
        if (seed is { } sd && (sd != Math.Floor(sd) || sd > int.MaxValue))
        {
            problems.Add($"ROSTRO_SEED must be a whole number from 0 to {int.MaxValue}, not '{Value("ROSTRO_SEED")}'.");
        }

        var settings = new ContractSettings
        {
            BaseUrl = baseUrl,
            Token = Value("ROSTRO_TOKEN"),
            ApiKey = Value("ROSTRO_API_KEY"),
            Token2 = Value("ROSTRO_TOKEN_2"),
            McpUrl = Url("ROSTRO_MCP_URL"),
            AllowDestructive = Flag("ROSTRO_ALLOW_DESTRUCTIVE"),
            CreditsBudget = (int)(credits ?? 10),
            RateLimit = Number("ROSTRO_RATE_LIMIT", 0.01),
            Timeout = TimeSpan.FromSeconds(timeout ?? 30),
            ProjectId = project is { } p ? (long)p : null,
            AssumeLive = Flag("ROSTRO_ASSUME_LIVE"),
            ResultsDirectory = Value("ROSTRO_RESULTS_DIR"),
            Seed = seed is { } chosen && chosen <= int.MaxValue ? (int)chosen : 1,
        };

        return problems.Count == 0 ? settings : throw new ContractConfigurationException(problems);
    }
}

/// <summary>The suite's configuration is unusable; every problem is one sentence naming its variable.</summary>
/// <remarks>No stack trace: the message is the whole story, and a configuration error is no bug of the suite.</remarks>
public sealed class ContractConfigurationException(IReadOnlyList<string> problems)
    : Exception("The contract suite cannot start: " + string.Join(" ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;

    public override string? StackTrace => null;
}
