using Eavesdrop.Engine.Abstractions;
using Eavesdrop.Server.Configuration;
using Eavesdrop.Server.Inference;
using Eavesdrop.Server.Sessions;
using Microsoft.Extensions.Logging;

namespace Eavesdrop.Server.Transport;

/// <summary>The shared, process-wide pieces every session is built from.</summary>
internal sealed record SessionServices(
    EavesdropOptions Options,
    ISpeechEngine Engine,
    InferenceScheduler Scheduler,
    IVoiceActivityDetector? Vad,
    SessionSettingsResolver SettingsResolver,
    TimeProvider Time,
    ILoggerFactory LoggerFactory);
