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
    protected CleanupScope Cleanup => _cleanup ??= Target.Cleanup.ScopeFor(TestContext.Current.Test?.UniqueID, TestContext.Current.Test?.TestDisplayName ?? GetType().Name);

    protected static SpecOperation Operation(string operationId) => Spec[operationId];

    /// <summary>A generic check sends only what changes nothing and costs nothing to a live target (discovery left the others out already).</summary>
    protected void RequireGeneric(SpecOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (operation.Facts.SpendsCredits)
        {
            Target.Require(Operations.OperationRows.CostsCredits);
        }
        else if (!operation.Facts.IsReadOnly)
        {
            Target.Require(Operations.OperationRows.ChangesData);
        }
    }

    /// <summary>A request without a usable credential spends nobody's credits, but one that changes data goes to a live target only from the lifecycles.</summary>
    protected void RequireUnsent(SpecOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (!operation.Facts.IsReadOnly)
        {
            Target.Require(Operations.OperationRows.ChangesData);
        }
    }

    protected void Log(string message) => ContractLog.Write(Target.Redactor, message);

    public virtual async ValueTask DisposeAsync()
    {
        // What this test created (the pipeline registers every creation in the test's scope), removed however it ended.
        await (_cleanup ?? Target.Cleanup.ScopeFor(TestContext.Current.Test?.UniqueID, GetType().Name)).DisposeAsync();

        // The test's outcome is known once it ran (xunit.v3 sets it before disposing the class).
        if (TestContext.Current.Test?.UniqueID is { } id && TestContext.Current.TestState is { } state)
        {
            var recent = Target.Forget(id);
            var message = string.Join(Environment.NewLine, state.ExceptionMessages ?? []);
            if (state.Result == TestResult.Failed)
            {
                Target.Evidence.WriteTestFailure(id, TestContext.Current.Test.TestDisplayName, message, recent);
            }

            Target.Outcomes.Record(id, TestContext.Current.Test.TestDisplayName, state.Result, message);
        }

        GC.SuppressFinalize(this);
    }
}
