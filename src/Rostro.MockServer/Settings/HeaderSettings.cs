using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rostro.MockServer.Operations;

namespace Rostro.MockServer.Settings;

/// <summary>The per-request settings: one <c>X-Mock-</c> header per setting (<c>X-Mock-Ttft-Ms</c>), read as the admin API reads a settings patch.</summary>
internal static class HeaderSettings
{
    /// <summary>The settings with every <c>X-Mock-*</c> header of the request laid over them; null (and <paramref name="error"/>, naming each header at fault) when one is refused.</summary>
    public static MockSettings? Apply(MockSettings settings, IHeaderDictionary headers, out string? error)
    {
        error = null;
        var patch = new JsonObject();
        foreach (var (name, value) in headers)
        {
            if (MockSettingsJson.NameForHeader(name) is not { } setting)
            {
                continue;
            }

            var text = value.ToString().Trim();
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                node = JsonValue.Create(text);
            }

            patch[setting] = node;
        }

        if (patch.Count == 0)
        {
            return settings;
        }

        var applied = MockSettingsJson.Apply(settings, patch, "header", out var problems);
        if (applied is null)
        {
            error = string.Join("; ", problems.Select(p => $"{RequestOverrides.HeaderPrefix}{Kebab((string)p.Loc[^1])}: {p.Msg}"));
        }

        return applied;
    }

    // The header's name of a setting: interTokenMs -> Inter-Token-Ms.
    private static string Kebab(string camel)
    {
        var builder = new StringBuilder(camel.Length + 4);
        for (var i = 0; i < camel.Length; i++)
        {
            builder.Append(i == 0 ? char.ToUpperInvariant(camel[i]) : camel[i]);
            if (i + 1 < camel.Length && char.IsUpper(camel[i + 1]))
            {
                builder.Append('-');
            }
        }

        return builder.ToString();
    }
}
