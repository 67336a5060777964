namespace Eavesdrop.Server;
