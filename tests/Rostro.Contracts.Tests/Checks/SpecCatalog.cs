using Rostro.Spec;
using Rostro.Spec.Routing;

namespace Rostro.Contracts.Tests.Checks;

/// <summary>The spec as the suite reads it: its operations, and which one a request URL addresses.</summary>
public sealed class SpecCatalog
{
    private static readonly Lazy<SpecCatalog> s_instance = new(() => new SpecCatalog(RostroSpec.LoadEmbeddedAsync().GetAwaiter().GetResult()));

    private readonly RouteTable _routes;
    private readonly Dictionary<string, List<SpecOperation>> _byTemplate;

    private SpecCatalog(RostroSpec spec)
    {
        Spec = spec;
        ById = spec.Operations.ToDictionary(o => o.OperationId, StringComparer.Ordinal);
        // The mock's own route table (Rostro.Spec): which operation a URL addresses is decided as the mock decides it.
        _routes = new RouteTable(spec.Operations);
        _byTemplate = spec.Operations.GroupBy(o => o.PathTemplate, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
    }

    /// <summary>The embedded spec, loaded once per run.</summary>
    public static SpecCatalog Instance => s_instance.Value;

    public RostroSpec Spec { get; }

    public IReadOnlyList<SpecOperation> Operations => Spec.Operations;

    /// <summary>The spec's MCP tool of this name, or null.</summary>
    public Rostro.Spec.Mcp.SpecTool? Tool(string name) => Spec.Tool(name);

    public IReadOnlyDictionary<string, SpecOperation> ById { get; }

    /// <summary>The path templates and the methods each declares.</summary>
    public IEnumerable<(string PathTemplate, IReadOnlyList<SpecOperation> Operations)> Paths =>
        _byTemplate.Select(r => (r.Key, (IReadOnlyList<SpecOperation>)r.Value)).OrderBy(p => p.Key, StringComparer.Ordinal);

    public SpecOperation this[string operationId] =>
        ById.TryGetValue(operationId, out var operation) ? operation : throw new KeyNotFoundException($"The spec has no operation '{operationId}'.");

    /// <summary>The operation a request addresses, as the route table finds it (literal segments first; HEAD is the GET's); null when none does.</summary>
    public SpecOperation? Match(string method, string path) =>
        _routes.Match(method.ToUpperInvariant(), Decoded(path)) is { Outcome: RouteOutcome.Found, Operation: { } operation } ? operation : null;

    /// <summary>The path template the route table tries first for a request path, if any matches.</summary>
    public string? MatchTemplate(string path) => _routes.TemplatesAt(Decoded(path)).FirstOrDefault();

    /// <summary>Every method some path template declares for this URL (<c>/api/gallery/upload</c>: POST, and DELETE through <c>/api/gallery/{uuid}</c>).</summary>
    public IReadOnlySet<string> MethodsAt(string path) =>
        _routes.TemplatesAt(Decoded(path)).SelectMany(t => _byTemplate[t].Select(o => o.Method)).ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static string Decoded(string path) => Uri.UnescapeDataString(path.Split('?', 2)[0]);
}
