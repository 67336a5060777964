namespace Eavesdrop.Protocol;
