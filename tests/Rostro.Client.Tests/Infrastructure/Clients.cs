namespace Rostro.Client.Tests.Infrastructure;

/// <summary>Generated clients wired to a <see cref="RecordingHandler"/> the way a user wires them without DI.</summary>
public static class Clients
{
    public static readonly Uri BaseUrl = new("https://rostro.test/base/");

    public static T Create<T>(RecordingHandler handler, RostroCredentialKind kind = RostroCredentialKind.Bearer, string? credential = "test-token")
        where T : class
    {
        var options = new RostroClientOptions { BaseUrl = BaseUrl, CredentialKind = kind, Credential = credential };
        return (T)Activator.CreateInstance(typeof(T), options.CreateHttpClient(handler))!;
    }
}
