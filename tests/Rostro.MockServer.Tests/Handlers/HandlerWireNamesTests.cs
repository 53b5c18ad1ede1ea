using System.Text.RegularExpressions;
using Rostro.Spec;
using Rostro.Testing;

namespace Rostro.MockServer.Tests.Handlers;

/// <summary>
/// The handlers read bodies and write answers as the spec's generated models, so a field renamed in the spec is a
/// compile error. Path, query and multipart names have no model (NSwag makes them method parameters of the client):
/// the handlers name them as text. This sweep reads every handler's source and holds each such name to the spec, on
/// every handler and not only on the paths a test happens to run: a renamed parameter fails here, not as a 500 at run time.
/// </summary>
public sealed partial class HandlerWireNamesTests
{
    private static readonly string s_handlers = RepositoryRoot.Combine("src", "Rostro.MockServer", "Handlers");

    [GeneratedRegex("""\["([a-zA-Z]+)"\] = |OperationIds => \[([^\]]*)\]""")]
    private static partial Regex Operations();

    [GeneratedRegex("""\.(Path|PathLong|QueryString|QueryLong|QueryBool|QueryLongs)\("([A-Za-z_]+)"\)""")]
    private static partial Regex ParameterReads();

    [GeneratedRegex("""Form\["([A-Za-z_]+)"\]|GetFile\("([A-Za-z_]+)"\)""")]
    private static partial Regex FormReads();

    [GeneratedRegex("""Reply\.Invalid\(\["(path|query|body)", "([A-Za-z_]+)"\]""")]
    private static partial Regex InvalidLocs();

    [Fact]
    public async Task Every_parameter_part_and_loc_a_handler_names_is_one_of_its_operations_in_the_spec()
    {
        var spec = await RostroSpec.LoadEmbeddedAsync();
        var byId = spec.Operations.ToDictionary(o => o.OperationId, StringComparer.Ordinal);
        var problems = new List<string>();
        var checkedNames = 0;

        foreach (var file in Directory.EnumerateFiles(s_handlers, "*Handler.cs"))
        {
            var source = await File.ReadAllTextAsync(file);
            var operations = Operations().Matches(source)
                .SelectMany(m => m.Groups[1].Success ? [m.Groups[1].Value] : m.Groups[2].Value.Split(',').Select(s => s.Trim().Trim('"')))
                .Where(byId.ContainsKey)
                .Select(id => byId[id])
                .ToList();
            var name = Path.GetFileName(file);

            foreach (Match read in ParameterReads().Matches(source))
            {
                var location = read.Groups[1].Value.StartsWith("Path", StringComparison.Ordinal) ? "path" : "query";
                checkedNames++;
                if (!operations.Any(o => o.Parameters.Any(p => p.Location == location && p.Name == read.Groups[2].Value)))
                {
                    problems.Add($"{name}: {read.Value} — no {location} parameter {read.Groups[2].Value} in {Ids(operations)}");
                }
            }

            foreach (Match read in FormReads().Matches(source))
            {
                var part = read.Groups[1].Success ? read.Groups[1].Value : read.Groups[2].Value;
                checkedNames++;
                if (!operations.Any(o => o.RequestBody?.Content.GetValueOrDefault("multipart/form-data")?.Schema?.Property(part) is not null))
                {
                    problems.Add($"{name}: {read.Value} — no multipart part {part} in {Ids(operations)}");
                }
            }

            foreach (Match loc in InvalidLocs().Matches(source))
            {
                var (where, field) = (loc.Groups[1].Value, loc.Groups[2].Value);
                checkedNames++;
                var known = where == "body"
                    ? operations.Any(o => o.RequestBody?.Content.Values.Any(c => c.Schema?.Property(field) is not null) == true)
                    : operations.Any(o => o.Parameters.Any(p => p.Location == where && p.Name == field));
                if (!known)
                {
                    problems.Add($"{name}: {loc.Value} — the 422 names {where}/{field}, which none of {Ids(operations)} has");
                }
            }
        }

        checkedNames.Should().BeGreaterThan(30, "the handlers read that many path, query and multipart names (a sweep that finds none checks nothing)");
        problems.Should().BeEmpty();
    }

    private static string Ids(IEnumerable<SpecOperation> operations) => string.Join(", ", operations.Select(o => o.OperationId));
}
