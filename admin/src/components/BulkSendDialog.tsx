import {
  Box,
  Button,
  Flex,
  Modal,
  ProgressBar,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Mail } from '@strapi/icons';
import { useFetchClient } from '@strapi/strapi/admin';
import * as React from 'react';
import { useIntl } from 'react-intl';

import type { BulkOutcome, SendCredentialsMany } from '../../../shared/contracts/credentials';
import { PLUGIN_ID } from '../../../shared/plugin-id';
import { getTranslation } from '../utils/getTranslation';
import { useErrorMessage } from '../hooks/useErrorMessage';

// Small requests, so the progress bar moves and no request outlives a proxy's timeout.
const CHUNK_SIZE = 20;

type Row = Record<string, unknown> & { documentId: string };

interface BulkSendProps {
  documents: Row[];
  emailField: string;
}

type Phase =
  | { name: 'confirm' }
  | { name: 'running'; done: number; total: number }
  | { name: 'done'; outcomes: BulkOutcome[] };

/** Asks, sends a chunk at a time with progress, then shows what happened to each customer. */
const BulkSendDialog = ({ documents, emailField }: BulkSendProps) => {
  const { formatMessage } = useIntl();
  const { post } = useFetchClient();
  const errorMessage = useErrorMessage();
  const [phase, setPhase] = React.useState<Phase>({ name: 'confirm' });
  const [error, setError] = React.useState<string | null>(null);

  const labelOf = (documentId: string) => {
    const row = documents.find((document) => document.documentId === documentId);
    const email = row?.[emailField];
    return typeof email === 'string' && email ? email : documentId;
  };

  const run = async (documentIds: string[], previous: BulkOutcome[] = []) => {
    setError(null);
    const outcomes = new Map(previous.map((outcome) => [outcome.documentId, outcome]));
    setPhase({ name: 'running', done: 0, total: documentIds.length });
    try {
      for (let start = 0; start < documentIds.length; start += CHUNK_SIZE) {
        const chunk = documentIds.slice(start, start + CHUNK_SIZE);
        const { data } = await post<SendCredentialsMany.Response>(
          `/${PLUGIN_ID}/customers/send-credentials`,
          { documentIds: chunk } satisfies SendCredentialsMany.Request
        );
        for (const outcome of data.data) outcomes.set(outcome.documentId, outcome);
        setPhase({ name: 'running', done: start + chunk.length, total: documentIds.length });
      }
    } catch (cause) {
      setError(errorMessage(cause));
    }
    setPhase({ name: 'done', outcomes: [...outcomes.values()] });
  };

  if (phase.name === 'confirm') {
    return (
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Typography>
          {formatMessage(
            {
              id: getTranslation('bulk.confirm'),
              defaultMessage:
                '{count, plural, one {# customer} other {# customers}} will have their password reset at once and new login details emailed. Customers with login disabled or without an email address are skipped.',
            },
            { count: documents.length }
          )}
        </Typography>
        <Flex justifyContent="flex-end" gap={2}>
          <Modal.Close>
            <Button variant="tertiary">
              {formatMessage({ id: getTranslation('bulk.cancel'), defaultMessage: 'Cancel' })}
            </Button>
          </Modal.Close>
          <Button
            variant="danger-light"
            startIcon={<Mail />}
            onClick={() => run(documents.map((document) => document.documentId))}
          >
            {formatMessage({ id: getTranslation('bulk.start'), defaultMessage: 'Reset and send' })}
          </Button>
        </Flex>
      </Flex>
    );
  }

  if (phase.name === 'running') {
    return (
      <Flex direction="column" alignItems="stretch" gap={3}>
        <ProgressBar value={(phase.done / phase.total) * 100} />
        <Typography>
          {formatMessage(
            { id: getTranslation('bulk.progress'), defaultMessage: '{done} of {total} processed' },
            { done: phase.done, total: phase.total }
          )}
        </Typography>
      </Flex>
    );
  }

  const failed = phase.outcomes.filter((outcome) => outcome.status === 'failed');
  const counts = {
    sent: phase.outcomes.filter((outcome) => outcome.status === 'sent').length,
    skipped: phase.outcomes.filter((outcome) => outcome.status === 'skipped').length,
    failed: failed.length,
  };
  const outcomeText = (outcome: BulkOutcome) => {
    if (outcome.status === 'sent') {
      return formatMessage({ id: getTranslation('bulk.status.sent'), defaultMessage: 'Sent' });
    }
    if (outcome.status === 'failed') {
      return formatMessage(
        { id: getTranslation('bulk.status.failed'), defaultMessage: 'Failed: {reason}' },
        { reason: outcome.reason }
      );
    }
    return formatMessage(
      outcome.reason === 'login-disabled'
        ? {
            id: getTranslation('bulk.status.skipped.loginDisabled'),
            defaultMessage: 'Skipped: login disabled',
          }
        : { id: getTranslation('bulk.status.skipped.noEmail'), defaultMessage: 'Skipped: no email' }
    );
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      {error && <Typography textColor="danger600">{error}</Typography>}
      <Typography fontWeight="semiBold">
        {formatMessage(
          {
            id: getTranslation('bulk.summary'),
            defaultMessage: '{sent} sent, {skipped} skipped, {failed} failed',
          },
          counts
        )}
      </Typography>
      <Box maxHeight="50vh" overflow="auto">
        <Table colCount={2} rowCount={phase.outcomes.length + 1}>
          <Thead>
            <Tr>
              <Th>
                <Typography variant="sigma">
                  {formatMessage({
                    id: getTranslation('bulk.column.customer'),
                    defaultMessage: 'Customer',
                  })}
                </Typography>
              </Th>
              <Th>
                <Typography variant="sigma">
                  {formatMessage({
                    id: getTranslation('bulk.column.outcome'),
                    defaultMessage: 'Outcome',
                  })}
                </Typography>
              </Th>
            </Tr>
          </Thead>
          <Tbody>
            {phase.outcomes.map((outcome) => (
              <Tr key={outcome.documentId}>
                <Td>
                  <Typography>{labelOf(outcome.documentId)}</Typography>
                </Td>
                <Td style={{ whiteSpace: 'normal' }}>
                  <Typography
                    textColor={
                      outcome.status === 'failed'
                        ? 'danger600'
                        : outcome.status === 'sent'
                          ? 'success600'
                          : 'neutral600'
                    }
                  >
                    {outcomeText(outcome)}
                  </Typography>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      </Box>
      <Flex justifyContent="flex-end" gap={2}>
        {failed.length > 0 && (
          <Button
            variant="secondary"
            onClick={() =>
              run(
                failed.map((outcome) => outcome.documentId),
                phase.outcomes
              )
            }
          >
            {formatMessage(
              { id: getTranslation('bulk.retry'), defaultMessage: 'Retry {count} failed' },
              { count: failed.length }
            )}
          </Button>
        )}
        <Modal.Close>
          <Button>
            {formatMessage({ id: getTranslation('bulk.close'), defaultMessage: 'Close' })}
          </Button>
        </Modal.Close>
      </Flex>
    </Flex>
  );
};

export default BulkSendDialog;
