using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Http.Extensions;
using WireMock;
using WireMock.Matchers;
using WireMock.Matchers.Request;
using WireMock.RequestBuilders;
using WireMock.Types;
using WireMock.Util;

namespace Rostro.MockServer.Stubs;

/// <summary>Whether any loaded stub can match a request's method and URL, decided in-process with WireMock.Net's own matchers.</summary>
/// <remarks>
/// <para>
/// Only a request that some stub's method and path (or URL) matchers accept is sent to the stubs' WireMock.Net server; every
/// other request goes straight on to the spec-driven pipeline, without the loopback hop. The check is WireMock.Net's: each
/// mapping's request matchers of type <see cref="RequestMatcherType.Method"/>, <see cref="RequestMatcherType.Path"/> and
/// <see cref="RequestMatcherType.Url"/> score a request model (<see cref="IRequestMessage"/>) that carries the method, path
/// and URL exactly as WireMock.Net builds them from the forwarded request. Every other matcher (headers, query parameters,
/// body, scenario state, ...) is left to WireMock.Net itself on the hop, so a request this lets through may still match no
/// stub (it then falls through as before); one this stops could not have matched.
/// </para>
/// <para>
/// Built anew whenever the stubs change (immutable while it serves). Answers are remembered per method and URL, at most
/// <see cref="MaxRemembered"/> of them (then forgotten all at once), so a load test of one route pays one dictionary lookup.
/// </para>
/// </remarks>
internal sealed class StubCandidates
{
    /// <summary>Most (method, URL) answers remembered between two changes of the stubs.</summary>
    public const int MaxRemembered = 10_000;

    private readonly IRequestMatcher[][] _matchers;
    private readonly ConcurrentDictionary<(string Method, string Url), bool> _remembered = new();

    private StubCandidates(IRequestMatcher[][] matchers) => _matchers = matchers;

    /// <summary>No stub: nothing can match.</summary>
    public static StubCandidates None { get; } = new([]);

    /// <summary>The method, path and URL matchers of every enabled mapping.</summary>
    public static StubCandidates Of(IEnumerable<IMapping> mappings)
    {
        ArgumentNullException.ThrowIfNull(mappings);
        var matchers = new List<IRequestMatcher[]>();
        foreach (var mapping in mappings)
        {
            if (mapping.IsDisabled)
            {
                continue;
            }

            // A mapping built from a model is a WireMock.Net Request (its composite of matchers); anything else is taken as able to match all.
            matchers.Add(mapping.RequestMatcher is Request request
                ? [.. request.GetRequestMessageMatchers<IRequestMatcher>().Where(m => m.Type is RequestMatcherType.Method or RequestMatcherType.Path or RequestMatcherType.Url)]
                : []);
        }

        return new([.. matchers]);
    }

    /// <summary>Whether some stub's method and path (or URL) matchers accept this request.</summary>
    public bool MayMatch(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_matchers.Length == 0)
        {
            return false;
        }

        // As WireMock.Net's request mapper reads the forwarded request: http, the Host the mock forwards, the path and query.
        var url = UriHelper.BuildAbsolute(Uri.UriSchemeHttp, request.Host, request.PathBase, request.Path, request.QueryString);
        var key = (request.Method, url);
        if (_remembered.TryGetValue(key, out var known))
        {
            return known;
        }

        var answer = Evaluate(request.Method, url);
        if (_remembered.Count >= MaxRemembered)
        {
            _remembered.Clear();
        }

        _remembered[key] = answer;
        return answer;
    }

    /// <summary>The first method for which this mapping matches a request to a path no one uses, with no query, header, cookie or body (so every request of that method), or null.</summary>
    /// <remarks>A matcher that wants something absent (a header, say) matches that request too: such a mapping matches nearly every request.</remarks>
    public static string? MatchesEveryRequest(IMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var nowhere = new Uri($"http://127.0.0.1/__rostro-nowhere/{Guid.NewGuid():N}");
        foreach (var method in new[] { "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS" })
        {
            try
            {
                // As WireMock.Net's own matching asks it (a mapping with no matcher at all is a perfect match for it).
                if (mapping.GetRequestMatchResult(new Probe(method, nowhere), nextState: null).IsPerfectMatch)
                {
                    return method;
                }
            }
            catch (InvalidCastException)
            {
                // A query parameter or cookie matcher, which reads WireMock.Net's own request class: it needs a query or a
                // cookie, so this mapping does not match every request.
            }
        }

        return null;
    }

    private bool Evaluate(string method, string url)
    {
        Probe probe;
        try
        {
            probe = new Probe(method, new Uri(url));
        }
        catch (UriFormatException)
        {
            // WireMock.Net could not read this URL either; let it answer as it does.
            return true;
        }

        foreach (var mapping in _matchers)
        {
            var all = true;
            foreach (var matcher in mapping)
            {
                if (!Scores(matcher, probe, unknown: true))
                {
                    all = false;
                    break;
                }
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    // Whether a matcher scores the probe perfect; a matcher that reads WireMock.Net's own request class rather than its
    // interface (query parameters and cookies do) cannot be asked here, and is taken to answer `unknown`.
    private static bool Scores(IRequestMatcher matcher, IRequestMessage probe, bool unknown)
    {
        try
        {
            return MatchScores.IsPerfect(matcher.GetMatchingScore(probe, new RequestMatchResult()));
        }
        catch (InvalidCastException)
        {
            return unknown;
        }
    }

    // WireMock.Net's request model with what the method, path and URL matchers read, built as its RequestMessage builds them
    // (Url is the URI's string, Path its decoded absolute path); nothing else is read by those matchers.
    private sealed class Probe(string method, Uri url) : IRequestMessage
    {
        public string ClientIP => string.Empty;

        public string Url { get; } = url.ToString();

        public string AbsoluteUrl => Url;

        public string? ProxyUrl { get; set; }

        public DateTime DateTime => default;

        public string Path { get; } = WebUtility.UrlDecode(url.AbsolutePath);

        public string AbsolutePath => Path;

        public string[] PathSegments => [.. Path.Split('/').Skip(1)];

        public string[] AbsolutePathSegments => PathSegments;

        public string Method { get; } = method;

        public string HttpVersion => "1.1";

        public IDictionary<string, WireMockList<string>>? Headers => null;

        public IDictionary<string, string>? Cookies => null;

        public IDictionary<string, WireMockList<string>>? Query => null;

        public IDictionary<string, WireMockList<string>>? QueryIgnoreCase => null;

        public string RawQuery => url.Query;

        public IBodyData? BodyData => null;

        public string? Body => null;

        public object? BodyAsJson => null;

        public byte[]? BodyAsBytes => null;

        public WireMock.Models.Mime.IMimeMessageData? BodyAsMimeMessage => null;

        public string? DetectedBodyType => null;

        public string? DetectedBodyTypeFromContentType => null;

        public string? DetectedCompression => null;

        public string Host => url.Host;

        public string Protocol => url.Scheme;

        public int Port => url.Port;

        public string Origin => $"{url.Scheme}://{url.Authority}";

        public System.Security.Cryptography.X509Certificates.X509Certificate2? ClientCertificate => null;

        public WireMockList<string>? GetParameter(string key, bool ignoreCase = false) => null;
    }
}
