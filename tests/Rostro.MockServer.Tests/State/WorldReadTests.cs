using Rostro.MockServer.State;

namespace Rostro.MockServer.Tests.State;

/// <summary>Operations that only read a world run under its read lock: beside each other, and unable to write.</summary>
public class WorldReadTests
{
    [Fact]
    public async Task Two_reads_of_one_world_run_at_the_same_time()
    {
        var world = new World("probe", 42, new WorldLimits());
        using var bothInside = new Barrier(2);

        // Each read waits inside the lock for the other to arrive: under an exclusive lock the second could never enter.
        var reads = Enumerable.Range(0, 2)
            .Select(_ => Task.Run(() => world.Read(_ => bothInside.SignalAndWait(TimeSpan.FromSeconds(10))).Result))
            .ToArray();

        var inside = await Task.WhenAll(reads).WaitAsync(TimeSpan.FromSeconds(20));
        inside.Should().OnlyContain(both => both, "both reads were inside the lock together");
    }

    [Fact]
    public void A_write_inside_a_read_throws_and_changes_nothing()
    {
        var world = new World("probe", 42, new WorldLimits());
        var before = world.Read(w => w.Projects.Count).Result;

        var add = () => world.Read(w =>
        {
            w.Projects.Add(new ProjectRecord { Id = 1, Name = "written in a read", Slug = "written", OwnerId = w.Caller.Id });
            return 0;
        });
        var tick = () => world.Read(w => w.Now());

        add.Should().Throw<InvalidOperationException>().WithMessage("*outside World.Change*");
        tick.Should().Throw<InvalidOperationException>("the logical clock advances only in a change");
        world.Read(w => w.Projects.Count).Result.Should().Be(before);
    }
}
