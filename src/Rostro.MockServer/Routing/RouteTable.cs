using Rostro.Spec;

namespace Rostro.MockServer.Routing;

/// <summary>The spec's path templates compiled into a segment tree once at start-up; literal segments win over parameters.</summary>
/// <remarks>
/// Matching walks literals before parameters and backtracks, so <c>/config/v1/models</c> is tried as
/// <c>/config/{config_id}/{sub_id}</c> first and as <c>/{model}/v1/models</c> second; the first template that declares
/// the request's method answers. A path some template matches but none for this method is a 405. HEAD is answered by
/// the GET operation wherever one is declared (as FastAPI/Starlette, the real API's framework, does); the server sends
/// the GET's status and headers without the body.
/// </remarks>
public sealed class RouteTable
{
    private const string Get = "GET";
    private const string Head = "HEAD";

    private readonly Node _root = new();
    private readonly Dictionary<(string Method, string Path), RouteMatch> _literal = [];

    /// <summary>Compiles every operation of the spec.</summary>
    public RouteTable(IEnumerable<SpecOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var all = operations.ToList();
        foreach (var operation in all)
        {
            var node = _root;
            var names = new List<string>();
            foreach (var segment in Split(operation.PathTemplate))
            {
                if (segment.Length > 2 && segment[0] == '{' && segment[^1] == '}')
                {
                    names.Add(segment[1..^1]);
                    node = node.Parameter ??= new Node();
                }
                else
                {
                    if (!node.Literals.TryGetValue(segment, out var next))
                    {
                        next = new Node();
                        node.Literals[segment] = next;
                    }

                    node = next;
                }
            }

            node.Template ??= new Template(operation.PathTemplate, names);
            node.Template.Methods[operation.Method] = operation;
        }

        // Paths without parameters (/v1/models, /api/account, ...) answer from a table: no walk, no allocation.
        foreach (var operation in all.Where(o => !o.PathTemplate.Contains('{', StringComparison.Ordinal)))
        {
            foreach (var method in operation.Method == Get ? [Get, Head] : new[] { operation.Method })
            {
                var walked = Match(method, operation.PathTemplate);
                if (walked.Operation == operation)
                {
                    _literal[(method, operation.PathTemplate)] = walked;
                }
            }
        }
    }


    /// <summary>Finds the operation for a method and a (decoded) request path.</summary>
    public RouteMatch Match(string method, string path)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        if (_literal.TryGetValue((method, path), out var known))
        {
            return known;
        }

        var segments = Split(path);
        var values = new string[segments.Count];
        List<Template>? pathMatches = null;
        var found = Walk(_root, segments, 0, values, 0, method, ref pathMatches);
        if (found is not null)
        {
            return found;
        }

        if (pathMatches is null)
        {
            return RouteMatch.NotFound;
        }

        var allow = pathMatches.SelectMany(t => t.Methods.ContainsKey(Get) ? t.Methods.Keys.Append(Head) : t.Methods.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new RouteMatch(RouteOutcome.MethodNotAllowed, null, s_emptyValues, allow);
    }

    private static readonly IReadOnlyDictionary<string, string> s_emptyValues = new Dictionary<string, string>(0, StringComparer.Ordinal);

    private static RouteMatch? Walk(Node node, List<string> segments, int index, string[] values, int valueCount, string method, ref List<Template>? pathMatches)
    {
        if (index == segments.Count)
        {
            if (node.Template is not { } template)
            {
                return null;
            }

            if (template.Methods.TryGetValue(method, out var operation) || (method == Head && template.Methods.TryGetValue(Get, out operation)))
            {
                var named = new Dictionary<string, string>(template.ParameterNames.Count, StringComparer.Ordinal);
                for (var i = 0; i < template.ParameterNames.Count; i++)
                {
                    named[template.ParameterNames[i]] = values[i];
                }

                return new RouteMatch(RouteOutcome.Found, operation, named, []);
            }

            (pathMatches ??= []).Add(template);
            return null;
        }

        var segment = segments[index];
        if (node.Literals.TryGetValue(segment, out var literal))
        {
            var found = Walk(literal, segments, index + 1, values, valueCount, method, ref pathMatches);
            if (found is not null)
            {
                return found;
            }
        }

        if (node.Parameter is { } parameter && segment.Length > 0)
        {
            values[valueCount] = segment;
            return Walk(parameter, segments, index + 1, values, valueCount + 1, method, ref pathMatches);
        }

        return null;
    }

    private static List<string> Split(string path)
    {
        // "/a/b" → [a, b]; "/" → []; "/a/" → [a, ""] so a trailing slash never matches a template without one.
        var trimmed = path.StartsWith('/') ? path[1..] : path;
        return trimmed.Length == 0 ? [] : [.. trimmed.Split('/')];
    }

    private sealed class Node
    {
        public Dictionary<string, Node> Literals { get; } = new(StringComparer.Ordinal);

        public Node? Parameter { get; set; }

        public Template? Template { get; set; }
    }

    private sealed class Template(string path, List<string> parameterNames)
    {
        public string Path { get; } = path;

        public List<string> ParameterNames { get; } = parameterNames;

        public Dictionary<string, SpecOperation> Methods { get; } = new(StringComparer.Ordinal);
    }
}

/// <summary>What a request path and method matched.</summary>
public enum RouteOutcome
{
    /// <summary>An operation answers it.</summary>
    Found,

    /// <summary>No template matches the path.</summary>
    NotFound,

    /// <summary>A template matches the path, but not for this method.</summary>
    MethodNotAllowed,
}

/// <summary>The result of <see cref="RouteTable.Match"/>.</summary>
/// <param name="Outcome">Found, not found, or method not allowed.</param>
/// <param name="Operation">The operation when found.</param>
/// <param name="PathValues">Path parameter values (decoded) by spec name.</param>
/// <param name="Allow">The methods the path does accept (for 405's <c>Allow</c>).</param>
public sealed record RouteMatch(RouteOutcome Outcome, SpecOperation? Operation, IReadOnlyDictionary<string, string> PathValues, IReadOnlyList<string> Allow)
{
    /// <summary>No template matches.</summary>
    public static readonly RouteMatch NotFound = new(RouteOutcome.NotFound, null, new Dictionary<string, string>(), []);
}
