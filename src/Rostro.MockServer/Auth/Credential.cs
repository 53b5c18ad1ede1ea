using Microsoft.Extensions.Primitives;

namespace Rostro.MockServer.Auth;

/// <summary>Reads the caller's credential from any of the spec's three schemes: <c>Authorization: Bearer</c>, <c>CH-API-KEY</c>, <c>samwise</c>.</summary>
/// <remarks>
/// Every well-formed credential is accepted and is its own user (its own world). A credential is refused (401) when the
/// header is present but empty, when <c>Authorization</c> is not a Bearer token, when it holds whitespace or control
/// characters or is longer than <see cref="MaxLength"/>, or when it starts with <see cref="RejectedPrefix"/> — the
/// documented way to get a "bad token" 401 from the mock.
/// </remarks>
internal static class Credential
{
    /// <summary>Credentials starting with this (any case) are refused, so clients can exercise their 401 handling.</summary>
    public const string RejectedPrefix = "invalid";

    /// <summary>Longest accepted credential.</summary>
    public const int MaxLength = 4096;

    /// <summary>The headers that carry credentials (and that the journal redacts).</summary>
    public static readonly IReadOnlyList<string> Headers = ["Authorization", "CH-API-KEY", "samwise"];

    /// <summary>Finds the credential of a request.</summary>
    public static CredentialResult Read(IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (headers.TryGetValue("Authorization", out var authorization))
        {
            var value = Single(authorization);
            const string bearer = "Bearer ";
            return value.StartsWith(bearer, StringComparison.OrdinalIgnoreCase)
                ? Check(value[bearer.Length..].Trim())
                : CredentialResult.Invalid("Authorization must be 'Bearer <token>'.");
        }

        if (headers.TryGetValue("CH-API-KEY", out var apiKey))
        {
            return Check(Single(apiKey).Trim());
        }

        if (headers.TryGetValue("samwise", out var samwise))
        {
            return Check(Single(samwise).Trim());
        }

        return CredentialResult.Missing;
    }

    private static string Single(StringValues values) => values.Count == 1 ? values[0] ?? string.Empty : string.Empty;

    private static CredentialResult Check(string token)
    {
        if (token.Length == 0)
        {
            return CredentialResult.Invalid("The credential is empty.");
        }

        if (token.Length > MaxLength)
        {
            return CredentialResult.Invalid($"The credential is longer than {MaxLength} characters.");
        }

        foreach (var c in token)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return CredentialResult.Invalid("The credential contains whitespace or control characters.");
            }
        }

        return token.StartsWith(RejectedPrefix, StringComparison.OrdinalIgnoreCase)
            ? CredentialResult.Invalid($"Credentials starting with '{RejectedPrefix}' are refused by the mock (that is how to get a 401).")
            : new CredentialResult(CredentialStatus.Valid, token, null);
    }
}

/// <summary>Whether a request carries a credential and whether it is acceptable.</summary>
internal enum CredentialStatus
{
    /// <summary>No credential header.</summary>
    Missing,

    /// <summary>A credential header the mock refuses.</summary>
    Invalid,

    /// <summary>An acceptable credential.</summary>
    Valid,
}

/// <summary>The outcome of <see cref="Credential.Read"/>.</summary>
/// <param name="Status">Missing, invalid or valid.</param>
/// <param name="Token">The credential when valid (never logged).</param>
/// <param name="Problem">Why it is invalid.</param>
internal sealed record CredentialResult(CredentialStatus Status, string? Token, string? Problem)
{
    /// <summary>No credential.</summary>
    public static readonly CredentialResult Missing = new(CredentialStatus.Missing, null, null);

    /// <summary>A refused credential.</summary>
    public static CredentialResult Invalid(string problem) => new(CredentialStatus.Invalid, null, problem);
}
