namespace Rostro.Contracts.Tests.SelfTests;

/// <summary>A self-test that calls a check must see it run: a check that skips itself there proves nothing, so the self-test fails.</summary>
public static class Ran
{
    public static async Task OrFail(Func<Task> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        try
        {
            await check();
        }
        catch (Exception e) when (e.GetType().Name == "SkipException")
        {
            Assert.Fail($"The check did not run, so it proves nothing here: {e.Message.Replace("$XunitDynamicSkip$", string.Empty, StringComparison.Ordinal)}");
        }
    }
}
