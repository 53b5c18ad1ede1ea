using System.Globalization;
using WireMock.Admin.Requests;
using WireMock.Logging;

namespace Rostro.MockServer.Stubs;

/// <summary>WireMock.Net's log, as the mock uses it: each request's match (for <see cref="UserStubs"/>), and its errors.</summary>
/// <remarks>
/// WireMock.Net hands every request it answered to <see cref="DebugRequestResponse"/>, with the mapping it matched (or
/// none), before it writes the answer; that is how the mock learns whether a stub answered. Its warnings are dropped: one
/// says "No matching mapping found" for every request no stub matches, which is the normal case here.
/// </remarks>
internal sealed class StubLogger(UserStubs stubs) : IWireMockLogger
{
    public void Debug(string formatString, params object[] args)
    {
    }

    public void Info(string formatString, params object[] args)
    {
    }

    public void Warn(string formatString, params object[] args)
    {
    }

    public void Error(string formatString, params object[] args) =>
        stubs.Logger.LogWarning("WireMock.Net: {Message}", args.Length == 0 ? formatString : string.Format(CultureInfo.InvariantCulture, formatString, args));

    public void Error(string message, Exception exception) =>
        stubs.Logger.LogWarning("WireMock.Net: {Message} {Reason}", message, exception.Message);

    public void DebugRequestResponse(LogEntryModel logEntryModel, bool isAdminRequest)
    {
        if (!isAdminRequest)
        {
            UserStubs.Logged(logEntryModel.MappingGuid, logEntryModel.MappingTitle);
        }
    }
}
