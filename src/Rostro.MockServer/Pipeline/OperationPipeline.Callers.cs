using Rostro.MockServer.Auth;
using Rostro.MockServer.State;
using Rostro.Spec;
using Rostro.Spec.Answers;

namespace Rostro.MockServer.Pipeline;

/// <summary>The pipeline's credentials step: which world a request acts on, or its 401/403.</summary>
internal sealed partial class OperationPipeline
{
    /// <summary>Where the user a shared credential names goes, between resolving the world and building the context.</summary>
    private const string CallerItem = "rostro.caller";

    private async Task<World?> ResolveWorldAsync(HttpContext http, SpecOperation operation)
    {
        var credential = Credential.Read(http.Request.Headers);
        if (operation.IsPublic)
        {
            if (credential.Status == CredentialStatus.Valid && _worlds.Enter(credential.Token!) is { World.Deleted: false, Full: null } entered)
            {
                http.Items[CallerItem] = entered.Caller;
                return entered.World;
            }

            return _worlds.Anonymous;
        }

        switch (credential.Status)
        {
            case CredentialStatus.Missing:
                await UnauthorizedAsync(http, operation, _missingCredentials, ErrorCodes.MissingCredentials);
                return null;
            case CredentialStatus.Invalid:
                await UnauthorizedAsync(http, operation, $"Invalid credentials: {credential.Problem}", ErrorCodes.InvalidCredentials);
                return null;
        }

        var (world, caller, full) = _worlds.Enter(credential.Token!);
        http.Items[CallerItem] = caller;
        if (full is not null)
        {
            await _writer.WriteErrorAsync(http, operation, StatusCodes.Status403Forbidden, $"The shared world cannot take another user: it holds at most {full.Cap} {full.Collection ?? "bytes of text"}; POST /__admin/reset.", ErrorCodes.CollectionFull);
            return null;
        }

        if (world.Deleted)
        {
            await UnauthorizedAsync(http, operation, "This account was deleted (DELETE /api/account); POST /__admin/reset brings it back.", ErrorCodes.InvalidCredentials);
            return null;
        }

        return world;
    }

    private Task UnauthorizedAsync(HttpContext http, SpecOperation operation, string message, int code) =>
        _writer.WriteErrorAsync(http, operation, StatusCodes.Status401Unauthorized, message, code);
}
