namespace Rostro.Contracts.Tests.Targets;

/// <summary>The one check of a run whose configuration is unusable: it fails with one line per problem, naming the variable and the fix, and no other check exists.</summary>
public sealed class ConfigurationTests
{
    [Fact]
    public void The_run_is_configured()
    {
        if (!RunPlan.Current.CanStart)
        {
            var redactor = new Safety.Redactor(RunPlan.Current.Settings.Secrets);
            throw new ContractConfigurationException([.. RunPlan.Current.Problems.Select(redactor.Redact)]);
        }
    }
}
