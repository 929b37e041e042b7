"""SQLModel tables and their read/write shapes. Imports nothing of ours outside this package."""

from models.activity import Activity, ActivityKind, ActivityRead
from models.base import utcnow
from models.client import Client, ClientRead, Document, DocumentRead, Meeting, MeetingRead
from models.contact import Contact, ContactRead
from models.dedupe import DuplicateFlag, MergeRecord
from models.grouping import ContactGroup, ContactGroupMember, Segment, SegmentRead
from models.imports import ImportBatch, ImportBatchRead, ImportMapping
from models.lead import Lead, LeadCreate, LeadRead
from models.settings import AppSetting, LoginFailure
from models.stage import Stage, StageKind, StageRead
from models.tag import ContactTag, Tag, TagRead
from models.user import PERMISSIONS, User, UserCreate, UserRead, check_password

__all__ = [
    'PERMISSIONS',
    'Activity',
    'ActivityKind',
    'ActivityRead',
    'AppSetting',
    'Client',
    'ClientRead',
    'Contact',
    'ContactGroup',
    'ContactGroupMember',
    'ContactRead',
    'ContactTag',
    'Document',
    'DocumentRead',
    'DuplicateFlag',
    'ImportBatch',
    'ImportBatchRead',
    'ImportMapping',
    'Lead',
    'LeadCreate',
    'LeadRead',
    'LoginFailure',
    'Meeting',
    'MeetingRead',
    'MergeRecord',
    'Segment',
    'SegmentRead',
    'Stage',
    'StageKind',
    'StageRead',
    'Tag',
    'TagRead',
    'User',
    'UserCreate',
    'UserRead',
    'check_password',
    'utcnow',
]
