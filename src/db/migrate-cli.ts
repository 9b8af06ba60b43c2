import { readEnv } from "../env.js";
import { openDatabase } from "./client.js";
import { migrateDatabase } from "./migrate.js";

const database = await openDatabase(readEnv());
await migrateDatabase(database);
await database.close();
console.log(`Migrated the ${database.kind} database.`);
