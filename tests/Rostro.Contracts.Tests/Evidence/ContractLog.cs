namespace Rostro.Contracts.Tests.Evidence;

/// <summary>Test output (console and TRX), always through the target's redactor.</summary>
public static class ContractLog
{
    public static void Write(Rostro.Contracts.Tests.Safety.Redactor redactor, string message)
    {
        ArgumentNullException.ThrowIfNull(redactor);
        TestContext.Current.TestOutputHelper?.WriteLine(redactor.Redact(message));
    }
}
