import { runBotProcess } from './run-bot-process';

/** Entry point: the bot against the NebulaGraph named by NEBULA_SERVERS. */
void runBotProcess(process.env);
