namespace Rostro.Spec.Routing;

/// <summary>The one route table: the spec's path templates compiled into a segment tree once; literal segments win over parameters.</summary>
/// <remarks>
/// <para>
/// The mock routes with it, the contract suite tells with it which operation a request addresses, and the WireMock stubs
/// take their priorities from <see cref="PathTemplates.Rank"/>, the same order; so the three cannot disagree.
/// </para>
/// <para>
/// Matching walks literals before parameters and backtracks, so <c>/config/v1/models</c> is tried as
/// <c>/config/{config_id}/{sub_id}</c> first and as <c>/{model}/v1/models</c> second; the first template that declares
/// the request's method answers. A path some template matches but none for this method is a 405. HEAD is answered by
/// the GET operation wherever one is declared (as FastAPI/Starlette, the real API's framework, does); the server sends
/// the GET's status and headers without the body.
/// </para>
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
                if (PathTemplates.IsParameter(segment))
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

    /// <summary>Every template that matches a (decoded) request path, whatever the method, in the order <see cref="Match"/> tries them.</summary>
    public IReadOnlyList<string> TemplatesAt(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var found = new List<string>();
        Collect(_root, Split(path), 0, found);
        return found;

        static void Collect(Node node, List<string> segments, int index, List<string> found)
        {
            if (index == segments.Count)
            {
                if (node.Template is { } template)
                {
                    found.Add(template.Path);
                }

                return;
            }

            if (node.Literals.TryGetValue(segments[index], out var literal))
            {
                Collect(literal, segments, index + 1, found);
            }

            if (node.Parameter is { } parameter && segments[index].Length > 0)
            {
                Collect(parameter, segments, index + 1, found);
            }
        }
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

/// <summary>Path templates (<c>/api/project/{project_id}/rate</c>) segment by segment, in the route table's order.</summary>
public static class PathTemplates
{
    /// <summary>Whether a template segment is a parameter (<c>{name}</c>).</summary>
    public static bool IsParameter(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return segment.Length > 2 && segment[0] == '{' && segment[^1] == '}';
    }

    /// <summary>A template's segments (<c>/a/{b}</c> → <c>a</c>, <c>{b}</c>).</summary>
    public static IReadOnlyList<string> Segments(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return template.TrimStart('/').Split('/');
    }

    /// <summary>Whether the template has path parameters.</summary>
    public static bool HasParameters(string template) => Segments(template).Any(IsParameter);

    /// <summary>Each distinct template's rank, 0 first, in the order <see cref="RouteTable.Match"/> tries templates that match one path.</summary>
    /// <remarks>
    /// Two templates that match one path have as many segments and the same literals wherever both have one, so comparing
    /// their segment kinds from the left (literal before parameter) is the table's walk: <c>/config/{config_id}/{sub_id}</c>
    /// ranks before <c>/{model}/v1/models</c>.
    /// </remarks>
    public static IReadOnlyDictionary<string, int> Rank(IEnumerable<string> templates)
    {
        ArgumentNullException.ThrowIfNull(templates);
        return templates
            .Distinct(StringComparer.Ordinal)
            .OrderBy(Kinds, StringComparer.Ordinal)
            .ThenBy(t => t, StringComparer.Ordinal)
            .Select((template, rank) => (template, rank))
            .ToDictionary(x => x.template, x => x.rank, StringComparer.Ordinal);
    }

    // "L" per literal, "P" per parameter: ordinal order puts literals first at the first segment where two templates differ.
    private static string Kinds(string template) => string.Concat(Segments(template).Select(s => IsParameter(s) ? 'P' : 'L'));
}
