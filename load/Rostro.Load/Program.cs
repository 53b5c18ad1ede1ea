using System.Runtime.InteropServices;
using Rostro.Load;

// Ctrl+C and SIGTERM (a Kubernetes pod being stopped) end the run cleanly: in-flight requests are cancelled and the reports still written.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

return await LoadCommandLine.InvokeAsync(args, Console.Out, Console.Error, !Console.IsOutputRedirected, Environment.GetEnvironmentVariable, stop.Token);
