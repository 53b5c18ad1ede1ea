using Rostro.MockServer.Operations;
using Rostro.MockServer.State;

namespace Rostro.MockServer.Handlers;

/// <summary>A handler whose operations read or change the caller's world: each answer is decided in one <see cref="World.Change{T}"/>, then written.</summary>
internal abstract class WorldHandler : IOperationHandler
{
    public IEnumerable<string> OperationIds => Answers.Keys;

    /// <summary>operationId → the answer, computed in <see cref="World.Change{T}"/> (under the world's lock, its writes admitted by the budget).</summary>
    protected abstract IReadOnlyDictionary<string, Func<OperationContext, World, Reply>> Answers { get; }

    /// <summary>The operations whose answer only reads the world: decided under its read lock, beside other reads (a write in one throws).</summary>
    protected virtual IReadOnlySet<string> Reads { get; } = new HashSet<string>();

    public virtual Task HandleAsync(OperationContext context)
    {
        var operationId = context.Operation.OperationId;
        return DecideAsync(context, Answers[operationId], Reads.Contains(operationId));
    }

    /// <summary>Decides in one change (or, <paramref name="readOnly"/>, one read) and writes the reply: a write the bounds refuse answers 403 (<c>code</c> 1303) with nothing changed;
    /// a world reset or evicted since the request arrived is replaced by the credential's current one, so the answer never speaks for a forgotten world.</summary>
    protected static Task DecideAsync(OperationContext context, Func<OperationContext, World, Reply> answer, bool readOnly = false)
    {
        var world = context.World;
        while (true)
        {
            var outcome = readOnly ? world.Read(w => answer(context, w), context.Caller) : world.Change(w => answer(context, w), context.Caller);
            if (!outcome.Retired)
            {
                return (outcome.Full is { } full ? Reply.Refused(full) : outcome.Result!).WriteAsync(context);
            }

            world = context.Worlds.Current(world);
            if (context.Caller is { } caller && WorldStore.Join(world, caller) is { Full: { } refused })
            {
                // A new world from fixtures: the caller joins it again first, unless it is full already.
                return Reply.Refused(refused).WriteAsync(context);
            }
        }
    }
}
