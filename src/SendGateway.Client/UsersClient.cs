namespace SendGateway.Client;

/// <summary><c>/v1/users</c>: the people who sign in to the panel.</summary>
public sealed class UsersClient
{
    private readonly ApiConnection _api;

    internal UsersClient(ApiConnection api) => _api = api;

    /// <summary>Invites a person; the one-time password (and enrolment URI) are in the answer only.</summary>
    [ApiOperation("CreateUser", "POST", "/v1/users")]
    public Task<UserCreated> CreateAsync(CreateUserRequest request, CancellationToken cancellationToken = default) =>
        _api.SendAsync<UserCreated>(HttpMethod.Post, "/v1/users", request, cancellationToken);

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

    /// <summary>Clears a person's second factor; they enrol again at their next sign-in.</summary>
    [ApiOperation("ResetUserSecondFactor", "POST", "/v1/users/{id}/reset-second-factor")]
    public Task ResetSecondFactorAsync(string id, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Post, $"{Path(id)}/reset-second-factor", null, cancellationToken);

    private static string Path(string id) => $"/v1/users/{Query.Segment(id)}";
}
