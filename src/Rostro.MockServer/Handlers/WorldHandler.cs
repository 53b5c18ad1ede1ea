using Rostro.MockServer.Operations;
using Rostro.MockServer.State;

namespace Rostro.MockServer.Handlers;

/// <summary>A handler whose operations read or change the caller's world: each answer is decided under the world's lock, then written.</summary>
internal abstract class WorldHandler : IOperationHandler
{
    public IEnumerable<string> OperationIds => Answers.Keys;

    /// <summary>operationId → the answer, computed under <see cref="World.Gate"/>.</summary>
    protected abstract IReadOnlyDictionary<string, Func<OperationContext, World, Reply>> Answers { get; }

    public virtual Task HandleAsync(OperationContext context)
    {
        var answer = Answers[context.Operation.OperationId];
        Reply reply;
        lock (context.World.Gate)
        {
            reply = answer(context, context.World);
        }

        return reply.WriteAsync(context);
    }
}
