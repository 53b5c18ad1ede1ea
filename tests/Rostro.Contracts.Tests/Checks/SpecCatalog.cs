using Rostro.Spec;

namespace Rostro.Contracts.Tests.Checks;

/// <summary>The spec as the suite reads it: its operations, and which one a request URL addresses.</summary>
public sealed class SpecCatalog
{
    private static readonly Lazy<SpecCatalog> s_instance = new(() => new SpecCatalog(RostroSpec.LoadEmbeddedAsync().GetAwaiter().GetResult()));

    private readonly List<Route> _routes;

    private SpecCatalog(RostroSpec spec)
    {
        Spec = spec;
        ById = spec.Operations.ToDictionary(o => o.OperationId, StringComparer.Ordinal);
        // Literal segments win over parameters (/v1/models before /{model}/v1/models), as every router decides.
        _routes = spec.Operations
            .GroupBy(o => o.PathTemplate, StringComparer.Ordinal)
            .Select(g => new Route(g.Key, g.Key.Trim('/').Split('/'), g.ToList()))
            .OrderByDescending(r => r.Segments.Count(s => !IsParameter(s)))
            .ThenByDescending(r => r.Segments.Length)
            .ToList();
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
        _routes.Select(r => (r.Template, (IReadOnlyList<SpecOperation>)r.Operations)).OrderBy(p => p.Template, StringComparer.Ordinal);

    public SpecOperation this[string operationId] =>
        ById.TryGetValue(operationId, out var operation) ? operation : throw new KeyNotFoundException($"The spec has no operation '{operationId}'.");

    /// <summary>The operation a request addresses: among the paths that match the URL, the most specific that declares the method; null when none does.</summary>
    public SpecOperation? Match(string method, string path) => MatchPaths(path)
        .Select(r => r.Operations.FirstOrDefault(o => string.Equals(o.Method, method, StringComparison.OrdinalIgnoreCase)))
        .FirstOrDefault(o => o is not null);

    /// <summary>The most specific path template a request path matches, if any.</summary>
    public string? MatchTemplate(string path) => MatchPaths(path).FirstOrDefault()?.Template;

    /// <summary>Every method some path template declares for this URL (<c>/api/gallery/upload</c>: POST, and DELETE through <c>/api/gallery/{uuid}</c>).</summary>
    public IReadOnlySet<string> MethodsAt(string path) => MatchPaths(path).SelectMany(r => r.Operations.Select(o => o.Method)).ToHashSet(StringComparer.OrdinalIgnoreCase);

    private IEnumerable<Route> MatchPaths(string path)
    {
        var segments = Uri.UnescapeDataString(path.Split('?', 2)[0]).Trim('/').Split('/');
        return _routes.Where(r => r.Segments.Length == segments.Length && r.Segments.Zip(segments).All(p => IsParameter(p.First) ? p.Second.Length > 0 : string.Equals(p.First, p.Second, StringComparison.Ordinal)));
    }

    private static bool IsParameter(string segment) => segment.StartsWith('{') && segment.EndsWith('}');

    private sealed record Route(string Template, string[] Segments, List<SpecOperation> Operations);
}
