namespace Eavesdrop.Tests.Common;
