using System.Net.Http.Headers;

namespace Rostro.Contracts.Tests.Targets;

/// <summary>Who a request is sent as: a user's credential in one of the spec's schemes, or nobody.</summary>
public sealed record Caller(string Name, CredentialScheme Scheme, string? Credential)
{
    public static readonly Caller Anonymous = new("anonymous", CredentialScheme.None, null);

    /// <summary>How every made-up bad credential begins.</summary>
    public const string InvalidPrefix = "invalid-rostro-contracts-";

    /// <summary>A credential no target accepts: the mock refuses anything starting with <c>invalid</c>, and no live user has this one.</summary>
    public static Caller Invalid(CredentialScheme scheme) => new($"invalid {scheme}", scheme, $"{InvalidPrefix}{Guid.NewGuid():N}");

    public void Apply(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
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
