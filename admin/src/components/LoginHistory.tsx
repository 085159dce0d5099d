import {
  Box,
  Button,
  Flex,
  Loader,
  Modal,
  Table,
  Tbody,
  Td,
  TextButton,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import * as React from 'react';
import { useIntl, type MessageDescriptor } from 'react-intl';

import type {
  HistoryEvent,
  HistoryActor,
  HistoryEventType,
} from '../../../shared/contracts/history';
import { useLoginHistory } from '../hooks/useLoginHistory';
import { getTranslation } from '../utils/getTranslation';

const LATEST = 5;
const PAGE_SIZE = 10;

const EVENT_LABELS: Record<HistoryEventType, string> = {
  'password-set': 'Password set',
  'credentials-sent': 'Credentials generated and sent',
  'sending-failed': 'Sending failed',
  'confirmation-sent': 'Confirmation email sent',
  'email-confirmed': 'Email confirmed',
  'password-changed': 'Password changed',
  'password-reset': 'Password reset',
  'reset-link-sent': 'Password reset link sent',
  'lockout-started': 'Locked out after failed logins',
  'login-enabled': 'Login enabled',
  'login-disabled': 'Login disabled',
  'email-changed': 'Email address changed',
  'signed-in': 'Signed in',
  'signed-out': 'Signed out',
  'signed-out-everywhere': 'Signed out everywhere',
  'session-ended': 'Another session ended',
  'refresh-token-reused': 'Session ended: a refresh token was used twice',
};

const eventLabel = (type: HistoryEventType): MessageDescriptor => ({
  id: getTranslation(`history.event.${type}`),
  defaultMessage: EVENT_LABELS[type],
});

const actorLabel = (actor: HistoryActor): [MessageDescriptor, Record<string, string>] => {
  if (actor.kind === 'admin') {
    return [
      { id: getTranslation('history.actor.admin'), defaultMessage: 'by {name}' },
      { name: actor.name },
    ];
  }
  if (actor.kind === 'customer') {
    return [
      { id: getTranslation('history.actor.customer'), defaultMessage: 'by the customer' },
      {},
    ];
  }
  return [{ id: getTranslation('history.actor.system'), defaultMessage: 'automatically' }, {}];
};

const useEventText = () => {
  const { formatMessage, formatDate } = useIntl();
  return (event: HistoryEvent) => ({
    what: formatMessage(eventLabel(event.type)),
    who: formatMessage(...actorLabel(event.actor)),
    when: formatDate(event.createdAt, { dateStyle: 'medium', timeStyle: 'short' }),
  });
};

/** The full history, a page at a time. */
const HistoryModal = ({ documentId }: { documentId: string }) => {
  const { formatMessage } = useIntl();
  const text = useEventText();
  const [page, setPage] = React.useState(1);
  const { response, error, isLoading } = useLoginHistory(documentId, {
    page,
    pageSize: PAGE_SIZE,
  });
  const pageCount = response?.meta.pagination.pageCount ?? 1;

  return (
    <Modal.Content>
      <Modal.Header>
        <Modal.Title>
          {formatMessage({ id: getTranslation('history.title'), defaultMessage: 'Login history' })}
        </Modal.Title>
      </Modal.Header>
      <Modal.Body>
        {error && <Typography textColor="danger600">{error}</Typography>}
        {isLoading && !response ? (
          <Loader small />
        ) : (
          <Table colCount={4} rowCount={(response?.data.length ?? 0) + 1}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">
                    {formatMessage({
                      id: getTranslation('history.column.when'),
                      defaultMessage: 'When',
                    })}
                  </Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">
                    {formatMessage({
                      id: getTranslation('history.column.what'),
                      defaultMessage: 'What',
                    })}
                  </Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">
                    {formatMessage({
                      id: getTranslation('history.column.who'),
                      defaultMessage: 'Who',
                    })}
                  </Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">
                    {formatMessage({
                      id: getTranslation('history.column.outcome'),
                      defaultMessage: 'Outcome',
                    })}
                  </Typography>
                </Th>
              </Tr>
            </Thead>
            <Tbody>
              {response?.data.map((event) => {
                const { what, who, when } = text(event);
                return (
                  <Tr key={event.id}>
                    <Td>
                      <Typography>{when}</Typography>
                    </Td>
                    <Td>
                      <Typography>{what}</Typography>
                    </Td>
                    <Td>
                      <Typography>{who}</Typography>
                    </Td>
                    <Td>
                      <Typography textColor={event.outcome === 'failure' ? 'danger600' : undefined}>
                        {event.reason ??
                          formatMessage(
                            event.outcome === 'failure'
                              ? {
                                  id: getTranslation('history.outcome.failure'),
                                  defaultMessage: 'Failed',
                                }
                              : {
                                  id: getTranslation('history.outcome.success'),
                                  defaultMessage: 'Done',
                                }
                          )}
                      </Typography>
                    </Td>
                  </Tr>
                );
              })}
            </Tbody>
          </Table>
        )}
      </Modal.Body>
      <Modal.Footer>
        <Button variant="tertiary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
          {formatMessage({ id: getTranslation('history.previous'), defaultMessage: 'Previous' })}
        </Button>
        <Typography>
          {formatMessage(
            { id: getTranslation('history.page'), defaultMessage: 'Page {page} of {pageCount}' },
            { page, pageCount: Math.max(pageCount, 1) }
          )}
        </Typography>
        <Button variant="tertiary" disabled={page >= pageCount} onClick={() => setPage(page + 1)}>
          {formatMessage({ id: getTranslation('history.next'), defaultMessage: 'Next' })}
        </Button>
      </Modal.Footer>
    </Modal.Content>
  );
};

/**
 * The latest events of a customer's login history as a timeline, and "Show all" for the whole history.
 * `refreshKey` changes when the customer was saved or reset, which may have added events.
 */
export const LoginHistory = ({
  documentId,
  refreshKey,
}: {
  documentId: string;
  refreshKey: unknown;
}) => {
  const { formatMessage } = useIntl();
  const text = useEventText();
  const { response, error } = useLoginHistory(documentId, {
    page: 1,
    pageSize: LATEST,
    refreshKey,
  });
  const events = response?.data ?? [];
  const [isShowingAll, setIsShowingAll] = React.useState(false);

  return (
    <Flex direction="column" alignItems="stretch" gap={2} width="100%">
      <Typography variant="sigma" textColor="neutral600" tag="h3">
        {formatMessage({ id: getTranslation('history.title'), defaultMessage: 'Login history' })}
      </Typography>
      {error && <Typography textColor="danger600">{error}</Typography>}
      {response && events.length === 0 && (
        <Typography variant="pi" textColor="neutral600">
          {formatMessage({ id: getTranslation('history.empty'), defaultMessage: 'Nothing yet' })}
        </Typography>
      )}
      <Box
        tag="ol"
        style={{ listStyle: 'none' }}
        aria-label={formatMessage({
          id: getTranslation('history.title'),
          defaultMessage: 'Login history',
        })}
      >
        {events.map((event) => {
          const { what, who, when } = text(event);
          return (
            <Box
              tag="li"
              key={event.id}
              paddingLeft={3}
              paddingBottom={2}
              borderColor={event.outcome === 'failure' ? 'danger500' : 'primary200'}
              borderStyle="solid"
              borderWidth="0 0 0 2px"
            >
              <Typography
                variant="omega"
                fontWeight="semiBold"
                textColor={event.outcome === 'failure' ? 'danger600' : undefined}
              >
                {what}
              </Typography>
              <Typography variant="pi" textColor="neutral600" tag="p">
                {who} · {when}
              </Typography>
              {event.reason && (
                <Typography variant="pi" textColor="danger600" tag="p">
                  {event.reason}
                </Typography>
              )}
            </Box>
          );
        })}
      </Box>
      {(response?.meta.pagination.total ?? 0) > LATEST && (
        <Modal.Root open={isShowingAll} onOpenChange={setIsShowingAll}>
          <Modal.Trigger>
            <TextButton>
              {formatMessage({ id: getTranslation('history.showAll'), defaultMessage: 'Show all' })}
            </TextButton>
          </Modal.Trigger>
          {/* Mounted while open only, so each opening shows the history as it is now. */}
          {isShowingAll && <HistoryModal documentId={documentId} />}
        </Modal.Root>
      )}
    </Flex>
  );
};
