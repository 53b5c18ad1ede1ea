using Rostro.MockServer.CommandLine;

return await new MockCommandLine().Create().Parse(args).InvokeAsync();

/// <summary>The mock server's entry point (public so tests can name the assembly's entry type).</summary>
public partial class Program;
