namespace Rostro.Load;

/// <summary>A scenario file (or a command-line override) that cannot run as written: every problem, one line each, naming the field.</summary>
public sealed class ScenarioFileException : Exception
{
    /// <summary>Creates the exception from its problems.</summary>
    public ScenarioFileException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems)) => Problems = problems;

    /// <summary>Creates the exception from one problem.</summary>
    public ScenarioFileException(string problem)
        : this([problem])
    {
    }

    /// <summary>Creates the exception (no problems listed).</summary>
    public ScenarioFileException()
        : this("the scenario is not valid")
    {
    }

    /// <summary>Creates the exception with an inner one.</summary>
    public ScenarioFileException(string message, Exception innerException)
        : base(message, innerException) => Problems = [message];

    /// <summary>Each problem, e.g. <c>smoke.json: load.rate: expected a number above 0</c>.</summary>
    public IReadOnlyList<string> Problems { get; }
}
