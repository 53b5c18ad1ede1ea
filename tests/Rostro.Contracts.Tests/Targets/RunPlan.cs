using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rostro.MockServer;

namespace Rostro.Contracts.Tests.Targets;

/// <summary>What a run is pointed at and whether it can start: the settings, the target's kind and why, and every configuration problem.</summary>
/// <remarks>
/// Decided once per test process, before tests are discovered (<see cref="Current"/>): which checks exist depends on it. A
/// Rostro mock declares itself with <see cref="MockIdentity.Header"/> on every answer (no stub of your own can take it
/// away); anything that answers without it is a live API. A remote target is asked <c>GET /api/self</c> with the first
/// credential, which tells at once whether it answers, whether it is a mock and whether the credential is accepted.
/// </remarks>
public sealed class RunPlan
{
    private static readonly Lazy<RunPlan> s_current = new(() => FromEnvironmentAsync().GetAwaiter().GetResult());

    private RunPlan(ContractSettings settings, TargetKind kind, string why, IReadOnlyList<string> problems, IReadOnlyList<string> notes, string? firstUser, string? secondUser)
    {
        Settings = settings;
        Kind = kind;
        Why = why;
        Problems = problems;
        Notes = notes;
        FirstUser = firstUser;
        SecondUser = secondUser;
    }

    /// <summary>The plan of this test process, from the environment and user-secrets.</summary>
    public static RunPlan Current => s_current.Value;

    public ContractSettings Settings { get; }

    public TargetKind Kind { get; }

    /// <summary>Why the target was taken for what it is, in one sentence.</summary>
    public string Why { get; }

    /// <summary>Configuration problems, one sentence each naming the variable and the fix; any one stops the run.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>What the run should know but that does not stop it (the second user is the first one, ...).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>The first user's username as the target answered it (live targets).</summary>
    public string? FirstUser { get; }

    /// <summary>The second user's username as the target answered it (live targets with ROSTRO_TOKEN_2).</summary>
    public string? SecondUser { get; }

    public bool IsLive => Kind == TargetKind.Live;

    public bool CanStart => Problems.Count == 0;

    /// <summary>Whether a check behind <paramref name="gate"/> runs in this plan.</summary>
    public bool Runs(Gate? gate) => CanStart && (gate is null || gate.Opens(Kind, Settings));

    /// <summary>The credentials in use, by variable and scheme (never their values).</summary>
    public string Credentials
    {
        get
        {
            if (Kind != TargetKind.Live)
            {
                return "a fresh user per test (a mock gives every credential a world of its own)";
            }

            var first = Settings.Token is not null ? "ROSTRO_TOKEN (a Bearer token)" : "ROSTRO_API_KEY (sent as CH-API-KEY)";
            var parts = new List<string> { FirstUser is null ? first : $"{first} as {FirstUser}" };
            if (Settings.Token is not null && Settings.ApiKey is not null)
            {
                parts.Add("ROSTRO_API_KEY (sent as CH-API-KEY)");
            }

            parts.Add(Settings.Token2 is null ? "no second user (ROSTRO_TOKEN_2 unset)" : SecondUser is null ? "ROSTRO_TOKEN_2 (a Bearer token)" : $"ROSTRO_TOKEN_2 (a Bearer token) as {SecondUser}");
            return string.Join("; ", parts);
        }
    }

    /// <summary>The plan for given settings (a self-test's target); probes a remote target.</summary>
    public static async Task<RunPlan> ForAsync(ContractSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.BaseUrl is not { } url)
        {
            return new RunPlan(settings, TargetKind.InProcessMock, "ROSTRO_BASE_URL is unset: the mock, started in this process on a loopback port.", [], [], null, null);
        }

        var problems = new List<string>();
        var notes = new List<string>();
        var first = settings.Token is { } token ? new Caller("ROSTRO_TOKEN", CredentialScheme.Bearer, token)
            : settings.ApiKey is { } key ? new Caller("ROSTRO_API_KEY", CredentialScheme.ApiKey, key)
            : Caller.Anonymous;
        var self = await AskSelfAsync(url, first, settings.Timeout, cancellationToken).ConfigureAwait(false);
        if (self.Failure is { } failure)
        {
            return new RunPlan(settings, TargetKind.Live, "it did not answer.", [$"ROSTRO_BASE_URL: {url} did not answer GET /api/self ({failure}); check the URL, and that the API is reachable from here."], [], null, null);
        }

        TargetKind kind;
        string why;
        if (self.MockIdentity is { } identity)
        {
            kind = settings.AssumeLive ? TargetKind.Live : TargetKind.RemoteMock;
            why = settings.AssumeLive
                ? $"it declares itself a Rostro mock ({MockIdentity.Header}: {identity}), but ROSTRO_ASSUME_LIVE=true: treated as a live API (a rehearsal of a staging run)."
                : $"it declares itself a Rostro mock ({MockIdentity.Header}: {identity}): every check runs, mock-only ones included.";
        }
        else
        {
            kind = TargetKind.Live;
            why = $"it answers without the {MockIdentity.Header} header every Rostro mock sends: a live API, so only what can be checked without harm runs.";
        }

        if (kind != TargetKind.Live)
        {
            return new RunPlan(settings, kind, why, [], [], null, null);
        }

        if (first == Caller.Anonymous)
        {
            problems.Add($"ROSTRO_BASE_URL names a live API ({url}) but neither ROSTRO_TOKEN nor ROSTRO_API_KEY is set: set ROSTRO_TOKEN (a Bearer token) or ROSTRO_API_KEY (sent as CH-API-KEY) to the credential of a user there.");
        }
        else if (self.Status is 401 or 403)
        {
            problems.Add($"{first.Name} is refused by {url} (GET /api/self answered {self.Status}): set it to a valid credential of a user there.");
        }
        else if (self.Status == 404)
        {
            problems.Add($"ROSTRO_BASE_URL: GET {url}api/self answered 404; set ROSTRO_BASE_URL to the API's root (https://staging.api.rostro.dev, not …/v1 or …/api).");
        }
        else if (self.Status != 200)
        {
            problems.Add($"ROSTRO_BASE_URL: {url} answered GET /api/self with {self.Status}; the run needs the first user's name from it. Try again when the API answers.");
        }

        string? second = null;
        if (settings.Token2 is { } token2 && problems.Count == 0)
        {
            var other = await AskSelfAsync(url, new Caller("ROSTRO_TOKEN_2", CredentialScheme.Bearer, token2), settings.Timeout, cancellationToken).ConfigureAwait(false);
            if (other.Status is 401 or 403)
            {
                problems.Add($"ROSTRO_TOKEN_2 is refused by {url} (GET /api/self answered {other.Status}): set it to a valid credential of a second user, or unset it.");
            }
            else if (other.Status == 200)
            {
                second = other.Username;
                if (second is not null && second == self.Username)
                {
                    notes.Add($"ROSTRO_TOKEN_2 answers as the same username ({second}) as the first user: checks of another user's resources learn nothing from it, and look for other users' resources in public listings instead.");
                }
            }
        }

        return new RunPlan(settings, kind, why, problems, notes, self.Username, second);
    }

    private static async Task<RunPlan> FromEnvironmentAsync()
    {
        ContractSettings settings;
        try
        {
            settings = ContractSettings.FromEnvironment();
        }
        catch (ContractConfigurationException e)
        {
            return new RunPlan(new ContractSettings(), TargetKind.Live, "its settings are unusable.", e.Problems, [], null, null);
        }

        return await ForAsync(settings).ConfigureAwait(false);
    }

    private sealed record SelfAnswer(int Status, string? MockIdentity, string? Username, string? Failure);

    // A plain look-up outside the suite's pipeline: it is the first request, made before any check exists, and reads nothing but the caller.
    private static async Task<SelfAnswer> AskSelfAsync(Uri baseUrl, Caller caller, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = timeout < TimeSpan.FromSeconds(30) ? timeout : TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, "api/self"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        caller.Apply(request);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var identity = response.Headers.TryGetValues(MockIdentity.Header, out var values) ? values.FirstOrDefault() : null;
            string? username = null;
            if (response.IsSuccessStatusCode)
            {
                try
                {
                    username = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false))?["username"] is JsonValue name && name.TryGetValue<string>(out var text) ? text : null;
                }
                catch (JsonException)
                {
                    // Not JSON: the contract checks will say so; the plan only wanted the name.
                }
            }

            return new SelfAnswer((int)response.StatusCode, identity, username, null);
        }
        catch (HttpRequestException e)
        {
            return new SelfAnswer(0, null, null, e.InnerException?.Message ?? e.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SelfAnswer(0, null, null, $"no answer within {http.Timeout.TotalSeconds:0.#} s");
        }
    }
}
