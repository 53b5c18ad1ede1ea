using WireMock.Admin.Mappings;

namespace Rostro.WireMock;

/// <summary>Stubs as WireMock.Net's own mapping model (what its admin API, <c>WithMapping</c> and static mapping files take).</summary>
public static class WireMockNetMappings
{
    // WireMock.Net's matcher names, as its MatcherMapper reads them.
    private const string ExactMatcher = "ExactMatcher";
    private const string RegexMatcher = "RegexMatcher";
    private const string WildcardMatcher = "WildcardMatcher";
    private const string JsonPartialMatcher = "JsonPartialMatcher";

    /// <summary>One mapping per stub.</summary>
    public static MappingModel[] From(IEnumerable<RostroStub> stubs)
    {
        ArgumentNullException.ThrowIfNull(stubs);
        return [.. stubs.Select(From)];
    }

    /// <summary>The mapping of one stub.</summary>
    public static MappingModel From(RostroStub stub)
    {
        ArgumentNullException.ThrowIfNull(stub);
        var request = stub.Request;
        var headers = new List<HeaderModel>();
        if (request.PreferPattern is { } prefer)
        {
            headers.Add(new HeaderModel { Name = PreferPattern.Header, IgnoreCase = true, Matchers = [new MatcherModel { Name = RegexMatcher, Pattern = prefer }] });
        }

        foreach (var absent in request.AbsentHeaders)
        {
            // A header matcher that rejects on match scores a missing header as a match, and the "*" matcher rejects any value.
            headers.Add(new HeaderModel
            {
                Name = absent,
                IgnoreCase = true,
                RejectOnMatch = true,
                Matchers = [new MatcherModel { Name = WildcardMatcher, Pattern = "*", RejectOnMatch = true }],
            });
        }

        return new MappingModel
        {
            Guid = stub.Id,
            Title = stub.Title,
            Priority = stub.Priority,
            Request = new RequestModel
            {
                Methods = [request.Method],
                Path = new PathModel
                {
                    Matchers = [request.PathPattern is { } pattern
                        ? new MatcherModel { Name = RegexMatcher, Pattern = pattern }
                        : new MatcherModel { Name = ExactMatcher, Pattern = request.PathTemplate }],
                },
                Headers = headers.Count > 0 ? headers : null,
                Body = request.StreamRequested
                    ? new BodyModel { Matcher = new MatcherModel { Name = JsonPartialMatcher, Pattern = """{"stream":true}""" } }
                    : null,
            },
            Response = new ResponseModel
            {
                StatusCode = stub.Response.Status,
                Headers = stub.Response.Headers.ToDictionary(h => h.Key, h => (object)h.Value, StringComparer.OrdinalIgnoreCase),
                // The example's text as the mock sends it: a JSON body would be re-read by Newtonsoft (dates, numbers) before it is sent.
                Body = stub.Response.Body,
            },
        };
    }
}
