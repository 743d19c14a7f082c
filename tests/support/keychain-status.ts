/**
 * Prints what the app's `secrets/status` answers in this process's session, as JSON: run in a
 * child process whose D-Bus session the test chooses (tests/integration/secrets).
 */
import { createFleet } from '../../src/main/core/fleet/create-fleet';

const fleet = createFleet({ home: process.env.RAYANPBX_HOME, sshConfigPath: null });
process.stdout.write(JSON.stringify(await fleet.keychainStatus()));
await fleet.close();
