// Replaced by the command line (System.CommandLine) in the next change; kept minimal so the seam compiles on its own.
return 0;

/// <summary>The mock server's entry point (public for <c>WebApplicationFactory</c>-style hosting in tests).</summary>
public partial class Program;
