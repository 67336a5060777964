namespace Eavesdrop.Server.Configuration;

/// <summary>The outcome of loading a configuration file: the options, or every problem found.</summary>
public sealed record ConfigurationLoadResult
{
    private ConfigurationLoadResult(EavesdropOptions? options, IReadOnlyList<ConfigurationError> errors)
    {
        Options = options;
        Errors = errors;
    }

    /// <summary>The loaded options; null when <see cref="Errors"/> is not empty.</summary>
    public EavesdropOptions? Options { get; }

    /// <summary>Every problem, in file order; empty on success.</summary>
    public IReadOnlyList<ConfigurationError> Errors { get; }

    public bool Succeeded => Errors.Count == 0;

    public static ConfigurationLoadResult Success(EavesdropOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(options, []);
    }

    public static ConfigurationLoadResult Failure(IReadOnlyList<ConfigurationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("A failed load needs at least one error.", nameof(errors));
        }

        return new(null, errors);
    }
}
