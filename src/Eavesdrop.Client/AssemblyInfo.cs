namespace Eavesdrop.Client;
