namespace Rostro.Contracts.Tests.Coverage;

/// <summary>Names the operations a scenario test (a lifecycle, a mimic rule) exercises, so the coverage test can tell which operation has no test of its behaviour.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class CoversAttribute(params string[] operationIds) : Attribute
{
    public IReadOnlyList<string> OperationIds { get; } = operationIds;
}
