using System.Reflection;

namespace Rostro.MockServer;

/// <summary>How the mock declares itself: a header on every answer it sends, set as the answer starts, so neither a stub of
/// your own nor an error path can take it away. The contract suite tells a Rostro mock from a live API by it.</summary>
internal static class MockIdentity
{
    /// <summary>The header's name.</summary>
    public const string Header = "X-Rostro-Mock";

    /// <summary>The header's value: <c>Rostro.MockServer/&lt;version&gt;</c>.</summary>
    public static readonly string Value = "Rostro.MockServer/" + (typeof(MockIdentity).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0");

    private static readonly Func<object, Task> s_declare = state =>
    {
        ((HttpResponse)state).Headers[Header] = Value;
        return Task.CompletedTask;
    };

    /// <summary>The outermost middleware: every answer, whoever writes it, carries the header.</summary>
    internal static Task DeclareAsync(HttpContext http, RequestDelegate next)
    {
        http.Response.OnStarting(s_declare, http.Response);
        return next(http);
    }
}
