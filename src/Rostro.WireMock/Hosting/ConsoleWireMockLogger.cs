using System.Globalization;
using WireMock.Admin.Requests;
using WireMock.Logging;

namespace Rostro.WireMock;

/// <summary>Writes WireMock.Net's warnings and errors to stderr and nothing else: its info log names every one of the hundreds of stubs as it is added.</summary>
/// <remarks>Requests are in WireMock's own journal, <c>GET /__admin/requests</c>, each with the title of the stub that answered.</remarks>
internal sealed class ConsoleWireMockLogger : IWireMockLogger
{
    public void Debug(string formatString, params object[] args)
    {
    }

    public void Info(string formatString, params object[] args)
    {
    }

    public void Warn(string formatString, params object[] args) => Console.Error.WriteLine("warning: " + Format(formatString, args));

    public void Error(string formatString, params object[] args) => Console.Error.WriteLine("error: " + Format(formatString, args));

    public void Error(string message, Exception exception) => Console.Error.WriteLine($"error: {message} {exception.Message}");

    public void DebugRequestResponse(LogEntryModel logEntryModel, bool isAdminRequest)
    {
    }

    private static string Format(string formatString, object[] args) =>
        args.Length == 0 ? formatString : string.Format(CultureInfo.InvariantCulture, formatString, args);
}
