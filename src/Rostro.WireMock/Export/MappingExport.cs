using Newtonsoft.Json;

namespace Rostro.WireMock;

/// <summary>Writes the stubs as mapping files, one file per operation, in both formats under one root folder.</summary>
/// <remarks>
/// <para><c>&lt;root&gt;/__admin/mappings/</c> holds WireMock.Net's format (where WireMock.Net reads static mappings from);
/// <c>&lt;root&gt;/mappings/</c> Java WireMock's (what <c>--root-dir &lt;root&gt;</c> loads).</para>
/// <para>Generated files are named <c>rostro-&lt;operationId&gt;.json</c>; an export replaces those and removes the ones of operations the
/// spec no longer has, and leaves every other file alone, so your own mapping files can live in the same folders.</para>
/// </remarks>
public static class MappingExport
{
    /// <summary>WireMock.Net's static mapping folder, relative to the root.</summary>
    public static readonly string WireMockNetFolder = Path.Combine("__admin", "mappings");

    /// <summary>Java WireMock's mapping folder, relative to its root directory.</summary>
    public const string JavaFolder = "mappings";

    /// <summary>Prefix of every generated file's name.</summary>
    public const string FilePrefix = "rostro-";

    // WireMock.Net's own writer settings for mapping files (indented, nulls left out).
    private static readonly JsonSerializerSettings s_wireMockNet = new() { Formatting = Formatting.Indented, NullValueHandling = NullValueHandling.Ignore };

    /// <summary>Writes both formats; returns how many files of each were written.</summary>
    /// <exception cref="IOException">The root cannot be created or written (the message names the path).</exception>
    public static int Write(IReadOnlyList<RostroStub> stubs, string root)
    {
        ArgumentNullException.ThrowIfNull(stubs);
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        var byOperation = stubs.GroupBy(s => s.OperationId, StringComparer.Ordinal).ToList();
        WriteFolder(Path.Combine(root, WireMockNetFolder), byOperation, g => JsonConvert.SerializeObject(WireMockNetMappings.From(g), s_wireMockNet));
        WriteFolder(Path.Combine(root, JavaFolder), byOperation, g => JavaWireMockMappings.Serialize(JavaWireMockMappings.From(g)));
        return byOperation.Count;
    }

    private static void WriteFolder(string folder, List<IGrouping<string, RostroStub>> byOperation, Func<IGrouping<string, RostroStub>, string> serialize)
    {
        Directory.CreateDirectory(folder);
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operation in byOperation)
        {
            var name = $"{FilePrefix}{operation.Key}.json";
            File.WriteAllText(Path.Combine(folder, name), serialize(operation) + "\n");
            written.Add(name);
        }

        foreach (var stale in Directory.EnumerateFiles(folder, $"{FilePrefix}*.json"))
        {
            if (!written.Contains(Path.GetFileName(stale)))
            {
                File.Delete(stale);
            }
        }
    }
}
