namespace Rostro.Contracts.Tests.Safety;

/// <summary>What sending an operation does to the target's data.</summary>
public enum SafetyClass
{
    /// <summary>Changes nothing (POST look-ups included).</summary>
    ReadOnly,

    /// <summary>Creates something the run can remove again with <see cref="OperationSafety.UndoneBy"/>.</summary>
    Creates,

    /// <summary>Removes something; on a live target only what this run created (the cleanup registry says what).</summary>
    Removes,

    /// <summary>Changes or removes what the run cannot put back, or what it did not create: never on a live target unless ROSTRO_ALLOW_DESTRUCTIVE=true.</summary>
    Destructive,
}

/// <summary>The classification of one operation.</summary>
/// <param name="Class">What it does to data.</param>
/// <param name="SpendsCredits">Whether it costs the account credits (counted against ROSTRO_CREDITS_BUDGET on a live target).</param>
/// <param name="UndoneBy">For <see cref="SafetyClass.Creates"/>: the operation that removes what it created.</param>
public sealed record OperationSafety(SafetyClass Class, bool SpendsCredits = false, string? UndoneBy = null)
{
    /// <summary>Every operation of the spec by operationId. An operation missing here is unsafe on a live target (a test fails until it is classified).</summary>
    public static readonly IReadOnlyDictionary<string, OperationSafety> ByOperationId = new Dictionary<string, OperationSafety>(StringComparer.Ordinal)
    {
        // Look-ups (some of them POSTs by the API's design).
        ["getTags"] = new(SafetyClass.ReadOnly),
        ["getGallery"] = new(SafetyClass.ReadOnly),
        ["getProjectGallery"] = new(SafetyClass.ReadOnly),
        ["inferEmotion"] = new(SafetyClass.ReadOnly),
        ["getUserProfile"] = new(SafetyClass.ReadOnly),
        ["getLeaderboard"] = new(SafetyClass.ReadOnly),
        ["queryLore"] = new(SafetyClass.ReadOnly),
        ["getLoreItems"] = new(SafetyClass.ReadOnly),
        ["search"] = new(SafetyClass.ReadOnly),
        ["searchPost"] = new(SafetyClass.ReadOnly),
        ["miniSearch"] = new(SafetyClass.ReadOnly),
        ["getImagineHistory"] = new(SafetyClass.ReadOnly),
        ["getProjectRatings"] = new(SafetyClass.ReadOnly),
        ["getAccount"] = new(SafetyClass.ReadOnly),
        ["getSelf"] = new(SafetyClass.ReadOnly),
        ["getFollows"] = new(SafetyClass.ReadOnly),
        ["getFollowsPost"] = new(SafetyClass.ReadOnly),
        ["getFollowers"] = new(SafetyClass.ReadOnly),
        ["getTimeline"] = new(SafetyClass.ReadOnly),
        ["getAtprotoConfig"] = new(SafetyClass.ReadOnly),
        ["checkUsername"] = new(SafetyClass.ReadOnly),
        ["getEngineFile"] = new(SafetyClass.ReadOnly),
        ["listAssets"] = new(SafetyClass.ReadOnly),
        ["listModels"] = new(SafetyClass.ReadOnly),
        ["listModelsForModel"] = new(SafetyClass.ReadOnly),
        ["listChubModels"] = new(SafetyClass.ReadOnly),

        // Made and removed again by the lifecycles.
        ["uploadGalleryImage"] = new(SafetyClass.Creates, UndoneBy: "deleteGalleryImage"),
        ["addLoreItem"] = new(SafetyClass.Creates, UndoneBy: "deleteLoreItem"),
        ["upsertConfig"] = new(SafetyClass.Creates, UndoneBy: "deleteConfig"),
        ["addProjectTag"] = new(SafetyClass.Creates, UndoneBy: "removeProjectTag"),
        ["followTag"] = new(SafetyClass.Creates, UndoneBy: "unfollowTag"),
        ["followUser"] = new(SafetyClass.Creates, UndoneBy: "unfollowUser"),
        ["block"] = new(SafetyClass.Creates, UndoneBy: "unblock"),
        ["addBlacklistWord"] = new(SafetyClass.Creates, UndoneBy: "removeBlacklistWord"),
        ["linkCharacterLorebook"] = new(SafetyClass.Creates, UndoneBy: "unlinkCharacterLorebook"),
        ["imagine"] = new(SafetyClass.Creates, SpendsCredits: true, UndoneBy: "deleteImagineHistory"),

        ["deleteGalleryImage"] = new(SafetyClass.Removes),
        ["deleteLoreItem"] = new(SafetyClass.Removes),
        ["deleteConfig"] = new(SafetyClass.Removes),
        ["removeProjectTag"] = new(SafetyClass.Removes),
        ["unfollowTag"] = new(SafetyClass.Removes),
        ["unfollowUser"] = new(SafetyClass.Removes),
        ["unblock"] = new(SafetyClass.Removes),
        ["removeBlacklistWord"] = new(SafetyClass.Removes),
        ["unlinkCharacterLorebook"] = new(SafetyClass.Removes),
        ["deleteImagineHistory"] = new(SafetyClass.Removes),

        // What the API offers no way to undo, or changes what the run did not make.
        ["deleteAccount"] = new(SafetyClass.Destructive),
        ["changeUsername"] = new(SafetyClass.Destructive),
        ["updateProjectMetadata"] = new(SafetyClass.Destructive),
        ["disableProjectRatings"] = new(SafetyClass.Destructive),
        ["enableProjectRatings"] = new(SafetyClass.Destructive),
        ["rateProject"] = new(SafetyClass.Destructive),
        ["setDefaultSort"] = new(SafetyClass.Destructive),
        ["createCharacter"] = new(SafetyClass.Destructive),
        ["updateCharacter"] = new(SafetyClass.Destructive),
        ["createAsset"] = new(SafetyClass.Destructive),
        ["postSceneEvent"] = new(SafetyClass.Destructive),
        ["postSceneOpened"] = new(SafetyClass.Destructive),
        ["postSceneTip"] = new(SafetyClass.Destructive),

        // Inference: changes nothing but costs credits.
        ["createChatCompletion"] = new(SafetyClass.ReadOnly, SpendsCredits: true),
        ["createChatCompletionForModel"] = new(SafetyClass.ReadOnly, SpendsCredits: true),
        ["createChubChatCompletion"] = new(SafetyClass.ReadOnly, SpendsCredits: true),
        ["createCompletion"] = new(SafetyClass.ReadOnly, SpendsCredits: true),
        ["createCompletionForModel"] = new(SafetyClass.ReadOnly, SpendsCredits: true),
        ["createChubCompletion"] = new(SafetyClass.ReadOnly, SpendsCredits: true),
    };

    /// <summary>The classification, or null for an operation nobody classified.</summary>
    public static OperationSafety? For(string operationId) => ByOperationId.GetValueOrDefault(operationId);

    /// <summary>True when a generic check may send this operation to a live target: it changes nothing there.</summary>
    public bool IsReadOnly => Class == SafetyClass.ReadOnly;
}
