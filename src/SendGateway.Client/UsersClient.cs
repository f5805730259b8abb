namespace SendGateway.Client;

/// <summary><c>/v1/users</c>: the people who sign in to the panel.</summary>
public sealed class UsersClient
{
    private readonly ApiConnection _api;

    internal UsersClient(ApiConnection api) => _api = api;

    /// <summary>Invites a person: their one-time link is in the answer only (or mailed by the service, then not in the answer).</summary>
    [ApiOperation("CreateUser", "POST", "/v1/users")]
    public Task<UserInvited> CreateAsync(CreateUserRequest request, CancellationToken cancellationToken = default) =>
        _api.SendAsync<UserInvited>(HttpMethod.Post, "/v1/users", request, cancellationToken);

    /// <summary>One page of people.</summary>
    [ApiOperation("ListUsers", "GET", "/v1/users")]
    public Task<Page<UserView>> ListAsync(int? limit = null, string? cursor = null, CancellationToken cancellationToken = default) =>
        _api.SendAsync<Page<UserView>>(HttpMethod.Get, new Query("/v1/users").Add("limit", limit).Add("cursor", cursor).ToString(), null, cancellationToken);

    /// <summary>One person.</summary>
    [ApiOperation("GetUser", "GET", "/v1/users/{id}")]
    public Task<UserView> GetAsync(string id, CancellationToken cancellationToken = default) => _api.SendAsync<UserView>(HttpMethod.Get, Path(id), null, cancellationToken);

    /// <summary>Changes a person's role (their sessions end).</summary>
    [ApiOperation("UpdateUser", "PATCH", "/v1/users/{id}")]
    public Task<UserView> UpdateAsync(string id, UpdateUserRequest request, CancellationToken cancellationToken = default) =>
        _api.SendAsync<UserView>(HttpMethod.Patch, Path(id), request, cancellationToken);

    /// <summary>Removes a person.</summary>
    [ApiOperation("DeleteUser", "DELETE", "/v1/users/{id}")]
    public Task DeleteAsync(string id, CancellationToken cancellationToken = default) => _api.SendAsync(HttpMethod.Delete, Path(id), null, cancellationToken);

    /// <summary>Clears a person's password and second factor; their one-time link to set both again is in the answer (or mailed).</summary>
    [ApiOperation("ResetUser", "POST", "/v1/users/{id}/reset")]
    public Task<UserInvited> ResetAsync(string id, CancellationToken cancellationToken = default) =>
        _api.SendAsync<UserInvited>(HttpMethod.Post, $"{Path(id)}/reset", null, cancellationToken);

    /// <summary>The same as <see cref="ResetAsync"/> (the older path): the password is cleared too.</summary>
    [ApiOperation("ResetUserSecondFactor", "POST", "/v1/users/{id}/reset-second-factor")]
    public Task<UserInvited> ResetSecondFactorAsync(string id, CancellationToken cancellationToken = default) =>
        _api.SendAsync<UserInvited>(HttpMethod.Post, $"{Path(id)}/reset-second-factor", null, cancellationToken);

    private static string Path(string id) => $"/v1/users/{Query.Segment(id)}";
}
