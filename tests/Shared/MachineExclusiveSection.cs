namespace Rostro.Testing;

/// <summary>
/// A section that no other test process on this machine runs at the same time as another one of its kind.
/// <c>dotnet test</c> runs the test projects in parallel; on two cores a timing assertion must not share the CPU with a
/// test that compiles a project, so both take this lock (an advisory file lock, released when the process dies).
/// </summary>
public sealed class MachineExclusiveSection : IDisposable
{
    private static readonly string LockPath = Path.Combine(Path.GetTempPath(), "rostro-contracts-exclusive-tests.lock");

    private readonly FileStream _lock;

    private MachineExclusiveSection(FileStream held) => _lock = held;

    public static async Task<MachineExclusiveSection> EnterAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(5));
        while (true)
        {
            try
            {
                return new MachineExclusiveSection(new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    public void Dispose() => _lock.Dispose();
}
