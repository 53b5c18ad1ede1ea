using System.Net.Http.Headers;

namespace Rostro.Contracts.Tests.Targets;

/// <summary>Who a request is sent as: a user's credential in one of the spec's schemes, or nobody.</summary>
public sealed record Caller(string Name, CredentialScheme Scheme, string? Credential)
{
    public static readonly Caller Anonymous = new("anonymous", CredentialScheme.None, null);

    /// <summary>How every name the run makes up begins (tags, lore items, scenes): nothing of anyone else's is named so.</summary>
    public const string RunPrefix = "rostro-contracts-";

    /// <summary>A name nobody else has (the run's prefix and 12 random hex digits): what is created under it is the run's, and so is its removal.</summary>
    public static string MadeUpName() => $"{RunPrefix}{Guid.NewGuid():N}"[..(RunPrefix.Length + 12)];

    /// <summary>How every made-up bad credential begins.</summary>
    public const string InvalidPrefix = "invalid-rostro-contracts-";

    /// <summary>A credential no target accepts: the mock refuses anything starting with <c>invalid</c>, and no live user has this one.</summary>
    public static Caller Invalid(CredentialScheme scheme) => new($"invalid {scheme}", scheme, $"{InvalidPrefix}{Guid.NewGuid():N}");

    /// <summary>Who a request goes as, for the request options (a request of another client carries none).</summary>
    public static readonly HttpRequestOptionsKey<Caller> Key = new("rostro-contracts.caller");

    /// <summary>Who sent a request: as the suite's client said, else read back from its credential headers.</summary>
    public static Caller Of(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Options.TryGetValue(Key, out var caller))
        {
            return caller;
        }

        if (request.Headers.Authorization is { Scheme: var scheme, Parameter: { } token } && scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return new Caller("the creation's credential", CredentialScheme.Bearer, token);
        }

        foreach (var (header, kind) in new[] { ("CH-API-KEY", CredentialScheme.ApiKey), ("samwise", CredentialScheme.Samwise) })
        {
            if (request.Headers.TryGetValues(header, out var values) && values.FirstOrDefault() is { } value)
            {
                return new Caller("the creation's credential", kind, value);
            }
        }

        return Anonymous;
    }

    public void Apply(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Set(Key, this);
        switch (Scheme)
        {
            case CredentialScheme.Bearer:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Credential);
                break;
            case CredentialScheme.ApiKey:
                request.Headers.TryAddWithoutValidation("CH-API-KEY", Credential);
                break;
            case CredentialScheme.Samwise:
                request.Headers.TryAddWithoutValidation("samwise", Credential);
                break;
        }
    }

    /// <summary>Never the credential itself (records print themselves in assertion messages).</summary>
    public override string ToString() => Name;
}

/// <summary>The spec's security schemes.</summary>
public enum CredentialScheme
{
    None,
    Bearer,
    ApiKey,
    Samwise,
}
