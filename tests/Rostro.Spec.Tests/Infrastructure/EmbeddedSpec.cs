using YamlDotNet.RepresentationModel;

namespace Rostro.Spec.Tests.Infrastructure;

/// <summary>The real openapi/rostro.yaml, as the library loads it and as raw YAML, shared by the real-spec tests.</summary>
/// <remarks>Synchronous on purpose: xunit enumerates theory data before any async fixture could run.</remarks>
public static class EmbeddedSpec
{
    private static readonly Lazy<YamlMappingNode> s_yaml = new(() =>
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(Spec.Yaml));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    });

    public static RostroSpec Spec => RostroSpec.LoadEmbeddedAsync().GetAwaiter().GetResult();

    /// <summary>The document's root mapping, for checks that must see what the author wrote (a <c>$ref</c> rather than its target).</summary>
    public static YamlMappingNode Yaml => s_yaml.Value;

    public static SpecOperation Operation(string key) =>
        Spec.Operations.SingleOrDefault(o => o.Key == key) ?? throw new KeyNotFoundException($"No operation {key}.");

    /// <summary>Theory data: one case per operation key that satisfies <paramref name="filter"/>.</summary>
    public static TheoryData<string> OperationKeys(Func<SpecOperation, bool>? filter = null)
    {
        var data = new TheoryData<string>();
        foreach (var op in Spec.Operations.Where(filter ?? (_ => true)))
        {
            data.Add(op.Key);
        }

        return data;
    }

    /// <summary>The raw YAML mapping of one operation.</summary>
    public static YamlMappingNode OperationNode(SpecOperation operation)
    {
        var paths = (YamlMappingNode)Yaml["paths"];
        var pathItem = (YamlMappingNode)paths[operation.PathTemplate];
        return (YamlMappingNode)pathItem[operation.Method.ToLowerInvariant()];
    }

    /// <summary>Follows a local <c>$ref</c> (<c>#/components/responses/NotFound</c>) in the raw YAML.</summary>
    public static YamlNode Resolve(string reference)
    {
        YamlNode node = Yaml;
        foreach (var segment in reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var key = segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = ((YamlMappingNode)node)[key];
        }

        return node;
    }
}
