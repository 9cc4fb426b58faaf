namespace Syncline.Testing.Upstream;

/// <summary>How a POST acknowledges a COLLECTION_BOOKMARK CREATE (UPSTREAM.md 1.2); every form is one the upstream client accepts.</summary>
public enum LinkCreateAck
{
    /// <summary>No <c>resourceId</c>; <c>data</c> has the ids and the bookmark's details.</summary>
    Omitted,

    /// <summary><c>"resourceId": null</c>, with the same <c>data</c>.</summary>
    Null,

    /// <summary><c>"resourceId": ""</c>, with the same <c>data</c>.</summary>
    Empty,

    /// <summary>Only the composite <c>"{collectionId}-{bookmarkId}"</c>, and no <c>data</c>.</summary>
    CompositeOnly,
}
