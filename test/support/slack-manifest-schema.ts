import { z } from 'zod';

/**
 * The parts of Slack's app manifest schema (slackapi/manifest-schema, schemas/manifest.schema.1.0.0.json)
 * that our manifest uses, restated as zod: same required fields, lengths, patterns, and no
 * unknown properties, so a typo or an over-long field fails here before Slack refuses it.
 */
const url = z
  .string()
  .regex(/^https?:\/\//)
  .max(3000);
/** bot_events / user_events: at most 100 names, each at most 50 characters, no repeats (uniqueItems). */
const eventNames = z
  .array(z.string().max(50))
  .max(100)
  .refine((names) => new Set(names).size === names.length, { message: 'event names must be unique' });

export const slackManifestSchema = z
  .object({
    _metadata: z.object({ schema_version: z.number().int(), min_version: z.number().int() }).partial().strict().optional(),
    display_information: z
      .object({
        name: z.string().min(1).max(35),
        description: z.string().min(1).max(140).optional(),
        background_color: z
          .string()
          .min(4)
          .max(7)
          .regex(/^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/)
          .optional(),
        long_description: z.string().min(175).max(4000).optional(),
      })
      .strict(),
    features: z
      .object({
        app_home: z.object({ home_tab_enabled: z.boolean(), messages_tab_enabled: z.boolean(), messages_tab_read_only_enabled: z.boolean() }).partial().strict().optional(),
        bot_user: z
          .object({ display_name: z.string().min(1).max(80), always_online: z.boolean().optional() })
          .strict()
          .optional(),
        slash_commands: z
          .array(
            z
              .object({
                command: z.string().min(2).max(32).regex(/^\//),
                url: url.optional(),
                description: z.string().min(1).max(2000),
                usage_hint: z.string().min(1).max(1000).optional(),
                should_escape: z.boolean().optional(),
              })
              .strict(),
          )
          .min(1)
          .max(50)
          .optional(),
      })
      .strict()
      .optional(),
    oauth_config: z
      .object({
        redirect_urls: z.array(z.string().max(2500)).max(1000).optional(),
        scopes: z
          .object({
            bot: z.array(z.string().max(50)).max(255),
            user: z.array(z.string().max(50)).max(255),
            bot_optional: z.array(z.string().max(50)).max(255),
            user_optional: z.array(z.string().max(50)).max(255),
          })
          .partial()
          .strict()
          .optional(),
        token_management_enabled: z.boolean().optional(),
        pkce_enabled: z.boolean().optional(),
      })
      .strict()
      .optional(),
    settings: z
      .object({
        interactivity: z
          .object({ is_enabled: z.boolean(), request_url: url.max(3500).optional(), message_menu_options_url: url.max(3500).optional() })
          .strict()
          .optional(),
        event_subscriptions: z
          .object({
            request_url: url.max(3500).optional(),
            bot_events: eventNames.optional(),
            user_events: eventNames.optional(),
            metadata_subscriptions: z
              .array(z.object({ app_id: z.string(), event_type: z.string().max(50) }).strict())
              .min(1)
              .optional(),
          })
          .strict()
          .optional(),
        org_deploy_enabled: z.boolean().optional(),
        socket_mode_enabled: z.boolean().optional(),
        token_rotation_enabled: z.boolean().optional(),
        is_hosted: z.boolean().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type SlackManifest = z.infer<typeof slackManifestSchema>;
