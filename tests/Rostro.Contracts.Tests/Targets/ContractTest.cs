using Rostro.Contracts.Tests.Checks;
using Rostro.Contracts.Tests.Evidence;
using Rostro.Contracts.Tests.Safety;
using Rostro.Spec;

namespace Rostro.Contracts.Tests.Targets;

/// <summary>What every contract test shares: the run's target, the spec, the test's cancellation and its cleanup scope.</summary>
public abstract class ContractTest(ContractTarget target) : IAsyncDisposable
{
    private CleanupScope? _cleanup;

    protected ContractTarget Target { get; } = target;

    protected static SpecCatalog Spec => SpecCatalog.Instance;

    /// <summary>The run's cancellation (Ctrl+C, a test timeout): every request of the test uses it.</summary>
    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>What this test created; removed when the test ends, however it ends.</summary>
    protected CleanupScope Cleanup => _cleanup ??= Target.Cleanup.Scope(TestContext.Current.Test?.TestDisplayName ?? GetType().Name);

    protected static SpecOperation Operation(string operationId) => Spec[operationId];

    /// <summary>Skips the test on a live target for an operation that changes data (the lifecycles exercise those there).</summary>
    protected void RequireReadOnlyOnLive(SpecOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (Target.IsLive && OperationSafety.For(operation.OperationId)?.IsReadOnly != true)
        {
            Assert.Skip($"{operation.OperationId} changes data; on {Target.Description} generic checks send read-only operations only (the lifecycle tests create, check and remove their own data).");
        }
    }

    protected void Log(string message) => ContractLog.Write(Target.Redactor, message);

    public virtual async ValueTask DisposeAsync()
    {
        if (_cleanup is not null)
        {
            await _cleanup.DisposeAsync();
        }

        // The test's outcome is known once it ran (xunit.v3 sets it before disposing the class).
        if (TestContext.Current.Test?.UniqueID is { } id)
        {
            var recent = Target.Forget(id);
            if (TestContext.Current.TestState is { Result: TestResult.Failed } state)
            {
                Target.Evidence.WriteTestFailure(id, TestContext.Current.Test.TestDisplayName, string.Join(Environment.NewLine, state.ExceptionMessages ?? []), recent);
            }
        }

        GC.SuppressFinalize(this);
    }
}
