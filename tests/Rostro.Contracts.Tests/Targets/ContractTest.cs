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

    /// <summary>The gate of a generic check of the operation, at run time too (discovery left the others out already).</summary>
    protected void RequireGeneric(SpecOperation operation)
    {
        if (Operations.OperationRows.Generic(operation) is { } gate)
        {
            Target.Require(gate);
        }
    }

    /// <summary>The gate of a check that sends the operation without a usable credential.</summary>
    protected void RequireUnsent(SpecOperation operation)
    {
        if (Operations.OperationRows.Unsent(operation) is { } gate)
        {
            Target.Require(gate);
        }
    }

    /// <summary>Stands behind the gate of the calling check's own attribute (<see cref="ContractFactAttribute"/>): a check a self-test calls directly meets it too.</summary>
    protected void RequireOwnGate([System.Runtime.CompilerServices.CallerMemberName] string check = "")
    {
        if (Gates.Of(GetType().GetMethod(check) ?? throw new InvalidOperationException($"{GetType().Name} has no check {check}.")) is { } gate)
        {
            Target.Require(gate);
        }
    }

    /// <summary>Ends the check as "could not run" (<see cref="ContractTarget.Skip"/>), where a value was wanted.</summary>
    protected T Cannot<T>(string reason)
    {
        Target.Skip(reason);
        return default!;
    }

    /// <summary>A project of the first user: ROSTRO_PROJECT_ID, else the first on its profile; the check cannot run without one.</summary>
    protected async Task<long> OwnProjectAsync(ContractClient user) =>
        await Target.ProjectIdAsync(user) ?? Cannot<long>("no project of the first user is known: set ROSTRO_PROJECT_ID");

    /// <summary>The exchange, once it is held to be a documented success.</summary>
    protected static async Task<Exchange> Succeeded(Task<Exchange> sending)
    {
        ArgumentNullException.ThrowIfNull(sending);
        var exchange = await sending;
        exchange.Should().Succeed();
        return exchange;
    }

    protected void Log(string message) => ContractLog.Write(Target.Redactor, message);

    public virtual async ValueTask DisposeAsync()
    {
        // What this test created (the pipeline registers every creation in the test's scope), removed however it ended;
        // what stays fails the test.
        LeftOnTargetException? left = null;
        try
        {
            await (_cleanup ?? Target.Cleanup.ScopeFor(TestContext.Current.Test?.UniqueID, GetType().Name)).DisposeAsync();
        }
        catch (LeftOnTargetException e)
        {
            left = e;
        }

        // The test's outcome is known once it ran (xunit.v3 sets it before disposing the class).
        if (TestContext.Current.Test?.UniqueID is { } id && TestContext.Current.TestState is { } state)
        {
            var recent = Target.Forget(id);
            var message = left?.Message ?? string.Join(Environment.NewLine, state.ExceptionMessages ?? []);
            var result = left is null ? state.Result : TestResult.Failed;
            if (result == TestResult.Failed)
            {
                Target.Evidence.WriteTestFailure(id, TestContext.Current.Test.TestDisplayName, message, recent);
            }

            Target.Outcomes.Record(id, TestContext.Current.Test.TestDisplayName, result, message);
        }

        GC.SuppressFinalize(this);
        if (left is not null)
        {
            throw left;
        }
    }
}
