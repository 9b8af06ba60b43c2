import { readEnv } from "../env.js";
import { openDatabase } from "../db/client.js";
import { migrateDatabase } from "../db/migrate.js";
import { demoClientLogin, demoLogin, seedDemoPractice } from "./seed.js";

const database = await openDatabase(readEnv());
await migrateDatabase(database);
const { created } = await seedDemoPractice(database.db);
await database.close();
console.log(created ? "Created the demo practice." : "The demo practice already exists.");
console.log(`Demo login: ${demoLogin.email} / ${demoLogin.password}`);
console.log(`Demo client portal login: ${demoClientLogin.email} / ${demoClientLogin.password}`);
